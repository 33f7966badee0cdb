/**
 * The login methods of `UpdateLoginFlowInput`, each turned into Ory's `updateLoginFlow` body and the way its
 * attempts are limited: passwords and codes per identifier; second factors (TOTP, backup codes) per session;
 * redirects and WebAuthn assertions carry nothing to guess.
 */
import type { UpdateLoginFlowInput } from '../../__generated__/resolvers-types';
import type { Context } from '../../context/context';
import type { UpdateLoginFlowBody } from '../../ory/models';
import {
  chooseMethod,
  commonFields,
  credentialJson,
  oidcSubmission,
  opt,
  type Submission,
} from '../flows/submission';

export function loginSubmission(
  ctx: Context,
  flowId: string,
  input: UpdateLoginFlowInput,
): Submission<UpdateLoginFlowBody> {
  const common = commonFields(input);
  const secondFactor = { identifier: ctx.sessionKey ?? flowId };
  const { password, code, totp, lookupSecret, oidc, saml, webauthn, passkey, identifierFirst } = input;
  return chooseMethod<UpdateLoginFlowBody>({
    password:
      password &&
      (() => ({
        body: { method: 'password', identifier: password.identifier, password: password.password, ...common },
        attempt: { identifier: password.identifier },
      })),
    code:
      code &&
      (() => {
        const sending = code.code == null;
        return {
          body: {
            method: 'code',
            csrf_token: common.csrf_token ?? '',
            transient_payload: common.transient_payload,
            identifier: opt(code.identifier),
            code: opt(code.code),
            resend: code.resend === true ? 'code' : undefined,
            address: opt(code.address),
          },
          attempt: { identifier: code.identifier ?? code.address ?? flowId, sending },
        };
      }),
    totp:
      totp &&
      (() => ({
        body: { method: 'totp', totp_code: totp.code, ...common },
        attempt: secondFactor,
      })),
    lookupSecret:
      lookupSecret &&
      (() => ({
        body: { method: 'lookup_secret', lookup_secret: lookupSecret.code, ...common },
        attempt: secondFactor,
      })),
    oidc: oidc && (() => oidcSubmission(oidc, ctx.traits.optionalTraitsOf(oidc, 'oidc'), common)),
    saml: saml && (() => ({ body: { method: 'saml', provider: saml.provider, ...common }, attempt: null })),
    webauthn:
      webauthn &&
      (() => ({
        body: {
          method: 'webauthn',
          identifier: webauthn.identifier ?? '',
          webauthn_login: credentialJson(webauthn.response),
          ...common,
        },
        attempt: null,
      })),
    passkey:
      passkey &&
      (() => ({
        body: { method: 'passkey', passkey_login: credentialJson(passkey.response), ...common },
        attempt: null,
      })),
    identifierFirst:
      identifierFirst &&
      (() => ({
        body: { method: 'identifier_first', identifier: identifierFirst.identifier, ...common },
        attempt: null,
      })),
  });
}
