/**
 * The settings methods of `UpdateSettingsFlowInput`, each turned into Ory's `updateSettingsFlow` body. Password
 * changes and TOTP enrolment codes are limited per flow; the rest carries nothing to guess.
 */
import type { UpdateSettingsFlowInput } from '../../__generated__/resolvers-types';
import type { UpdateSettingsFlowBody } from '../../ory/models';
import type { TraitsRuntime } from '../../traits/traitsRuntime';
import { chooseMethod, commonFields, credentialJson, type Submission } from '../flows/submission';

/** Ory's flags for each backup-code action. */
const LOOKUP_ACTIONS = {
  REVEAL: { lookup_secret_reveal: true },
  REGENERATE: { lookup_secret_regenerate: true },
  CONFIRM: { lookup_secret_confirm: true },
  DISABLE: { lookup_secret_disable: true },
} as const;

export function settingsSubmission(
  flowId: string,
  input: UpdateSettingsFlowInput,
  typed: TraitsRuntime,
): Submission<UpdateSettingsFlowBody> {
  const common = commonFields(input);
  const { profile, password, totp, lookupSecret, oidc, saml, webauthn, passkey } = input;
  return chooseMethod<UpdateSettingsFlowBody>({
    profile:
      profile &&
      (() => ({
        // `traits` (JSON) or `profile` (typed traits, checked before Ory is called).
        body: { method: 'profile', traits: typed.traitsOf(profile, 'profile'), ...common },
        attempt: null,
      })),
    password:
      password &&
      (() => ({
        body: { method: 'password', password: password.password, ...common },
        attempt: { identifier: flowId },
      })),
    totp:
      totp &&
      (() => ({
        body:
          totp.unlink === true
            ? { method: 'totp', totp_unlink: true, ...common }
            : { method: 'totp', totp_code: totp.code ?? '', ...common },
        attempt: totp.code == null ? null : { identifier: flowId },
      })),
    lookupSecret:
      lookupSecret &&
      (() => ({
        body: { method: 'lookup_secret', ...LOOKUP_ACTIONS[lookupSecret.action], ...common },
        attempt: null,
      })),
    oidc:
      oidc &&
      (() => ({
        body:
          oidc.link != null
            ? { method: 'oidc', link: oidc.link, ...common }
            : { method: 'oidc', unlink: oidc.unlink, ...common },
        attempt: null,
      })),
    saml:
      saml &&
      (() => ({
        body:
          saml.link != null
            ? { method: 'saml', link: saml.link, ...common }
            : { method: 'saml', unlink: saml.unlink, ...common },
        attempt: null,
      })),
    webauthn:
      webauthn &&
      (() => ({
        body:
          webauthn.register != null
            ? {
                method: 'webauthn',
                webauthn_register: credentialJson(webauthn.register.response),
                webauthn_register_displayname: webauthn.register.displayName ?? undefined,
                ...common,
              }
            : { method: 'webauthn', webauthn_remove: webauthn.remove, ...common },
        attempt: null,
      })),
    passkey:
      passkey &&
      (() => ({
        body:
          passkey.register != null
            ? { method: 'passkey', passkey_settings_register: credentialJson(passkey.register), ...common }
            : { method: 'passkey', passkey_remove: passkey.remove, ...common },
        attempt: null,
      })),
  });
}
