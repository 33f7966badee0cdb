/**
 * The registration methods of `UpdateRegistrationFlowInput`, each turned into Ory's `updateRegistrationFlow` body
 * and the way its attempts are limited (per identifier: the email in the traits, else the flow).
 */
import type { UpdateRegistrationFlowInput } from '../../__generated__/resolvers-types';
import type { UpdateRegistrationFlowBody } from '../../ory/models';
import type { TraitsInput, TraitsRuntime } from '../../traits/traitsRuntime';
import {
  chooseMethod,
  commonFields,
  credentialJson,
  oidcSubmission,
  opt,
  type Submission,
} from '../flows/submission';

/** Ory's `screen` values of the profile-first style. */
const SCREENS = { CREDENTIAL_SELECTION: 'credential-selection', PREVIOUS: 'previous' } as const;

/** Whom a registration attempt is counted against: the email it registers, else the flow. */
function identifierOf(traits: Record<string, unknown> | null | undefined, flowId: string): string {
  const email = traits?.email;
  return typeof email === 'string' && email !== '' ? email : flowId;
}

export function registrationSubmission(
  flowId: string,
  input: UpdateRegistrationFlowInput,
  typed: TraitsRuntime,
): Submission<UpdateRegistrationFlowBody> {
  const common = commonFields(input);
  // Each method takes `traits` (JSON) or `profile` (typed traits, checked before Ory is called).
  const traits = (method: TraitsInput, field: string) => typed.traitsOf(method, field);
  const { password, profile, code, oidc, saml, webauthn, passkey } = input;
  return chooseMethod<UpdateRegistrationFlowBody>({
    password:
      password &&
      (() => {
        const given = traits(password, 'password');
        return {
          body: { method: 'password', password: password.password, traits: given, ...common },
          attempt: { identifier: identifierOf(given, flowId) },
        };
      }),
    profile:
      profile &&
      (() => ({
        body: {
          method: 'profile',
          traits: traits(profile, 'profile'),
          screen: SCREENS[profile.screen ?? 'CREDENTIAL_SELECTION'],
          ...common,
        },
        attempt: null,
      })),
    code:
      code &&
      (() => {
        const given = traits(code, 'code');
        return {
          body: {
            method: 'code',
            traits: given,
            code: opt(code.code),
            resend: code.resend === true ? 'code' : undefined,
            ...common,
          },
          attempt: { identifier: identifierOf(given, flowId), sending: code.code == null },
        };
      }),
    oidc: oidc && (() => oidcSubmission(oidc, typed.optionalTraitsOf(oidc, 'oidc'), common)),
    saml:
      saml &&
      (() => ({
        body: {
          method: 'saml',
          provider: saml.provider,
          traits: typed.optionalTraitsOf(saml, 'saml'),
          ...common,
        },
        attempt: null,
      })),
    webauthn:
      webauthn &&
      (() => ({
        body: {
          method: 'webauthn',
          traits: traits(webauthn, 'webauthn'),
          webauthn_register: credentialJson(webauthn.response),
          webauthn_register_displayname: opt(webauthn.displayName),
          ...common,
        },
        attempt: null,
      })),
    passkey:
      passkey &&
      (() => ({
        body: {
          method: 'passkey',
          traits: traits(passkey, 'passkey'),
          passkey_register: credentialJson(passkey.response),
          ...common,
        },
        attempt: null,
      })),
  });
}
