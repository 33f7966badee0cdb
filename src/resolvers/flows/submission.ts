/**
 * What every flow submission shares on the resolver side: the fields beside the method (`csrfToken`,
 * `transientPayload`), the choice of exactly one method, and how an attempt is limited against brute force.
 * Each flow's resolver turns its GraphQL method input into Ory's body with `chooseMethod` and hands the result
 * to `submitGuarded`: adding a method to a flow is one entry in that flow's method table.
 */
import type { Context } from '../../context/context';
import type { AttemptKind, AttemptVerdict } from '../../context/bruteForce';
import type { UiText } from '../../ory/models';
import { badInput } from '../../errors';

/** The body fields every Ory submission takes besides its method, from the GraphQL input. */
export interface SubmissionCommon {
  csrfToken?: string | null;
  transientPayload?: Record<string, unknown> | null;
}

/** Ory's `csrf_token` and `transient_payload`, absent when not given. */
export function commonFields(input: SubmissionCommon): {
  csrf_token?: string;
  transient_payload?: Record<string, unknown>;
} {
  return {
    ...(input.csrfToken != null && input.csrfToken !== '' ? { csrf_token: input.csrfToken } : {}),
    ...(input.transientPayload != null ? { transient_payload: input.transientPayload } : {}),
  };
}

import { opt } from '../../ory/submit';

export { opt };
/** A WebAuthn/passkey credential is opaque to us: Ory takes it as a JSON string. */
export const credentialJson = (value: Record<string, unknown> | null | undefined): string | undefined =>
  value == null ? undefined : JSON.stringify(value);

/** Social sign-in's GraphQL input, the same in login and registration. */
export interface OidcMethodInput {
  provider: string;
  idToken?: string | null;
  idTokenNonce?: string | null;
  upstreamParameters?: Record<string, unknown> | null;
}

/**
 * Social sign-in's submission, the same in login and registration (Ory's `oidc` method): `traits` complete what
 * the provider returns when the sign-in registers an identity.
 */
export function oidcSubmission(
  oidc: OidcMethodInput,
  traits: Record<string, unknown> | undefined,
  common: ReturnType<typeof commonFields>,
) {
  return {
    body: {
      method: 'oidc' as const,
      provider: oidc.provider,
      traits,
      id_token: opt(oidc.idToken),
      id_token_nonce: opt(oidc.idTokenNonce),
      upstream_parameters: opt(oidc.upstreamParameters),
      ...common,
    },
    // An ID token is a credential: guessing at it is limited like a password.
    attempt: oidc.idToken == null ? null : { identifier: `oidc:${oidc.provider}` },
  };
}

/**
 * How a submission is limited: attempts are charged to the client and counted against `identifier` (an email, a
 * flow, a session). `sending`: the submission makes Ory send a code or link, which counts like a failure so that
 * nobody can flood an inbox.
 */
export interface Attempt {
  identifier: string;
  sending?: boolean;
}

/** A chosen method: Ory's body, and how the attempt is limited (`null`: it carries no guessable secret). */
export interface Submission<Body> {
  body: Body;
  attempt: Attempt | null;
}

/**
 * The one method the input gives. `methods` maps each GraphQL method field to its submission when set (and to
 * `null`/`undefined` when not); anything but exactly one is refused before Ory is called.
 */
export function chooseMethod<Body>(
  methods: Record<string, (() => Submission<Body>) | null | undefined | false>,
): Submission<Body> {
  const given = Object.values(methods).filter((value): value is () => Submission<Body> => Boolean(value));
  const [only] = given;
  if (given.length !== 1 || only === undefined) {
    throw badInput(`Give exactly one method: ${Object.keys(methods).join(', ')}.`, 'input');
  }
  return only();
}

/** The outcome shapes the verdict reads: a success, a flow with its state and messages, or another step. */
interface OutcomeView {
  __typename: string;
  state?: unknown;
  ui?: { messages?: UiText[]; nodes: Array<{ messages: UiText[] }> };
}

const hasError = (outcome: OutcomeView): boolean =>
  [...(outcome.ui?.messages ?? []), ...(outcome.ui?.nodes ?? []).flatMap((node) => node.messages)].some(
    (message) => message.type === 'error',
  );

/**
 * How the brute-force guard reads any flow's outcome: signed in, registered or a passed challenge is a success
 * (clearing the count); the flow back with an error message is a failure; anything else (a code sent, the next
 * step of a flow, a redirect) is neutral.
 */
export function flowVerdict(outcome: OutcomeView): AttemptVerdict {
  if (outcome.__typename.endsWith('Success')) return 'success';
  if (outcome.state === 'passed_challenge' || outcome.state === 'success') return 'success';
  return outcome.ui !== undefined && hasError(outcome) ? 'failure' : 'neutral';
}

/** Submits, limited against brute force when the submission carries a guessable secret. */
export function submitGuarded<T extends OutcomeView>(
  ctx: Context,
  kind: AttemptKind,
  submission: { attempt: Attempt | null },
  submit: () => Promise<T>,
): Promise<T> {
  const { attempt } = submission;
  if (attempt === null) return submit();
  return ctx.attempts.guard(kind, attempt.identifier, submit, (outcome) =>
    attempt.sending === true ? 'failure' : flowVerdict(outcome),
  );
}
