/**
 * What happens once a provider vouched for an account — after the browser came back to the
 * callback, or a native app submitted an `id_token`: a known account signs in (`ProcessLogin`), a
 * new one is registered (`processRegistration`), incomplete traits bring back the registration
 * form, and an email another identity has starts account linking.
 */
import { formCsrfToken } from '../csrf/csrf';
import { randomAlphanumeric } from '../crypto/tokens';
import type { LoginFlow, RegistrationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { writeFlowError } from '../flow/writeFlowError';
import type { RequestContext } from '../http/requestContext';
import {
  applyTraitExtensions,
  markVerified,
  newIdentity,
  type ProviderCredential,
} from '../identity/identity';
import { isJsonObject, type JsonObject } from '../json';
import { createLoginFlow, loginFlowAdapter } from '../login/loginFlow';
import { completeLogin } from '../login/loginRoutes';
import type { OidcProviderConfig } from '../options';
import {
  createRegistrationFlow,
  registrationFlowAdapter,
  schemaForFlow,
} from '../registration/registrationFlow';
import { completeRegistration } from '../registration/registrationRoutes';
import { traitNodes } from '../registration/registrationSchema';
import { fetchSession } from '../session/sessionLookup';
import type { OidcAuthCode } from '../store/store';
import { messages } from '../text/messages';
import { flatten, setCsrf, setNodeValue } from '../ui/nodes';
import { attachProviderCredential, conflictingIdentifier, startAccountLinking } from './accountLinking';
import { addProviderNode, oidcIdentifier, traitsFromClaims } from './oidcProviders';
import { switchFlowKind } from './switchFlowKind';

/** The provider's word on an account, with what the flow carried along. */
export interface ProviderAnswer {
  readonly provider: OidcProviderConfig;
  readonly claims: OidcAuthCode;
  /** Traits of the registration form, merged over the provider's. */
  readonly traits?: JsonObject;
  readonly transientPayload?: JsonObject;
  /** The browser came back to the callback (the provider handed out tokens), or an app sent an `id_token`. */
  readonly via: 'callback' | 'idToken';
}

/** Traits the provider left incomplete: the registration flow to show them in, and why. */
export interface IncompleteTraits {
  readonly flow: RegistrationFlow;
  readonly error: FlowValidationError;
}

/** Tokens the built-in provider "issued": an unsigned ID token with the claims, opaque others. */
function tokensFor(
  claims: OidcAuthCode,
  provider: OidcProviderConfig,
  now: Date,
): {
  idToken: string;
  accessToken: string;
  refreshToken: string;
} {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    iss: `emulator-${provider.id}`,
    sub: claims.subject,
    aud: `emulator-${provider.id}`,
    iat,
    exp: iat + 3600,
    email: claims.email,
    email_verified: claims.emailVerified,
    name: claims.name,
  };
  return {
    idToken: `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`,
    accessToken: randomAlphanumeric(43),
    refreshToken: randomAlphanumeric(43),
  };
}

/**
 * The provider account as a credential (`NewOIDCLikeCredentials`), with the tokens of this
 * sign-in; a native `id_token` sign-in has none, and Kratos stores empty strings.
 */
export function providerCredential(
  answer: Pick<ProviderAnswer, 'provider' | 'claims' | 'via'>,
  now: Date,
): ProviderCredential {
  const tokens =
    answer.via === 'callback'
      ? tokensFor(answer.claims, answer.provider, now)
      : { idToken: '', accessToken: '', refreshToken: '' };
  return {
    subject: answer.claims.subject,
    provider: answer.provider.id,
    initialIdToken: tokens.idToken,
    initialAccessToken: tokens.accessToken,
    initialRefreshToken: tokens.refreshToken,
  };
}

/** `ProcessLogin`: a known account signs in; an unknown one continues as a registration. */
export function processLogin(
  ctx: RequestContext,
  flow: LoginFlow,
  answer: ProviderAnswer,
): IncompleteTraits | undefined {
  const { provider, claims } = answer;
  const identity = ctx.deps.store.findByCredentialsIdentifier(
    'oidc',
    oidcIdentifier(provider.id, claims.subject),
  );
  if (identity) {
    completeLogin(ctx, flow, identity, fetchSession(ctx), {
      method: 'oidc',
      aal: 'aal1',
      completedAt: ctx.deps.now(),
      provider: provider.id,
    });
    return;
  }
  const registration = switchFlowKind(ctx, flow, createRegistrationFlow(ctx, flow.type, { replacing: true }));
  return processRegistration(ctx, registration, answer);
}

/**
 * The registration form when the provider's traits do not validate (`HandleError`): only the
 * token, a "Continue" button for this provider, and the trait fields with what the provider gave.
 */
function showIncompleteTraits(
  ctx: RequestContext,
  flow: RegistrationFlow,
  provider: OidcProviderConfig,
  traits: JsonObject | undefined,
): void {
  flow.ui.nodes = [];
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
  addProviderNode(flow.ui, provider.id, messages.infoRegistrationContinue());
  if (traits === undefined) return;
  flow.ui.nodes.push(...traitNodes(ctx, flow));
  for (const [name, value] of flatten(traits, 'traits')) setNodeValue(flow.ui, name, value);
}

/** mergo's `Merge(dst, src, WithOverride)`: objects merge key by key, other values of `src` win. */
function mergeTraits(dst: JsonObject, src: JsonObject): JsonObject {
  const out: JsonObject = { ...dst };
  for (const [key, value] of Object.entries(src)) {
    const current = out[key];
    out[key] = isJsonObject(value) && isJsonObject(current) ? mergeTraits(current, value) : value;
  }
  return out;
}

/** Jsonnet and Go's map encoder both write object keys sorted: so do the mapped traits. */
function sortedKeys(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const inner = value[key];
    out[key] = isJsonObject(inner) ? sortedKeys(inner) : (inner ?? null);
  }
  return out;
}

/** `processRegistration`. */
export function processRegistration(
  ctx: RequestContext,
  flow: RegistrationFlow,
  answer: ProviderAnswer,
): IncompleteTraits | undefined {
  const { provider, claims } = answer;
  const { store } = ctx.deps;
  const now = ctx.deps.now();
  if (store.findByCredentialsIdentifier('oidc', oidcIdentifier(provider.id, claims.subject))) {
    // Already registered: `registrationToLogin`.
    const login = switchFlowKind(ctx, flow, createLoginFlow(ctx, flow.type, { replacing: true }));
    return processLogin(ctx, login, answer);
  }
  const schema = schemaForFlow(ctx, flow);
  const mapped = traitsFromClaims(provider, schema, claims);
  // The traits of the registration form win over the provider's (`merge`, a deep mergo merge).
  const traits: JsonObject = sortedKeys(mergeTraits(mapped.traits, answer.traits ?? {}));
  const invalid = schema.validateIdentity(traits);
  if (invalid) {
    showIncompleteTraits(ctx, flow, provider, traits);
    return { flow, error: FlowValidationError.fromSchema(invalid) };
  }
  const identity = newIdentity(schema.id, traits, now);
  applyTraitExtensions(identity, schema, now);
  for (const address of identity.verifiableAddresses) {
    if (!mapped.verified.includes(address.value)) continue;
    markVerified(address, new Date(Math.round(now.getTime() / 1000) * 1000));
  }
  const credential = providerCredential(answer, now);
  attachProviderCredential(identity, credential, now);
  if (answer.transientPayload) flow.transientPayload = answer.transientPayload;
  const duplicate = conflictingIdentifier(ctx, identity, schema);
  if (duplicate !== undefined) {
    startAccountLinking(ctx, flow, provider, credential, duplicate);
    return undefined;
  }
  completeRegistration(ctx, flow, identity, 'oidc', provider.id);
  return undefined;
}

/**
 * Where Kratos writes incomplete traits. After the callback: the registration flow with the trait
 * fields. After an `id_token`, `Register` runs `HandleError` a second time, without traits, so
 * only the "Continue" button stays and the messages bring bare `text` inputs; `Login` writes the
 * error into the login flow itself.
 */
export function writeIncompleteTraits(
  ctx: RequestContext,
  flow: LoginFlow | RegistrationFlow,
  answer: ProviderAnswer,
  incomplete: IncompleteTraits,
): void {
  if (answer.via === 'idToken' && flow.kind === 'login') {
    writeFlowError(ctx, flow, incomplete.error, loginFlowAdapter);
    return;
  }
  if (answer.via === 'idToken') showIncompleteTraits(ctx, incomplete.flow, answer.provider, undefined);
  writeFlowError(ctx, incomplete.flow, incomplete.error, registrationFlowAdapter);
}
