/**
 * Authenticator assurance levels (`session/manager_http.go` `DoesSessionSatisfy`,
 * `identity.SetAvailableAAL`): what an identity could reach with its credentials, and whether a
 * session is good enough for `required_aal` (`aal1` or `highest_available`).
 */
import { goEncodeQuery } from '../admin/pagination';
import { HerodotError } from '../http/herodotError';
import type { Identity } from '../identity/identity';
import type { EmulatorConfig, RequiredAal } from '../options';
import type { Aal, Session } from './session';

/**
 * `CountActiveMultiFactorCredentials` of every strategy (enabled or not): a TOTP key, backup codes
 * (even all used), or — with `code.mfa_enabled` — a code credential with an address.
 */
export function countSecondFactors(identity: Identity, config: EmulatorConfig): number {
  let count = 0;
  if ((identity.credentials.totp?.config.totpUrl ?? '') !== '') count++;
  if ((identity.credentials.lookup_secret?.config.recoveryCodes ?? []).length > 0) count++;
  if (config.codeMfa) {
    count += (identity.credentials.code?.config.addresses ?? []).filter((a) => a.address !== '').length;
  }
  return count;
}

/** `CountActiveFirstFactorCredentials`: a password, linked social accounts, and code when passwordless. */
export function countFirstFactors(identity: Identity, config: EmulatorConfig): number {
  let count = config.codePasswordless ? 1 : 0;
  const password = identity.credentials.password;
  if (password?.config.hashedPassword !== undefined && (password.identifiers[0] ?? '') !== '') count++;
  for (const type of ['oidc', 'saml'] as const) {
    const credential = identity.credentials[type];
    for (const p of credential?.config.providers ?? []) {
      if (credential?.identifiers.includes(`${p.provider}:${p.subject}`)) count++;
    }
  }
  return count;
}

/** `Identity.SetAvailableAAL`. */
export function availableAal(identity: Identity, config: EmulatorConfig): Aal {
  if (countSecondFactors(identity, config) > 0) return 'aal2';
  if (countFirstFactors(identity, config) > 0) return 'aal1';
  return 'aal0';
}

/** `session.ErrAALNotSatisfied`: 403 with `redirect_browser_to` twice (details and top level). */
export function aalNotSatisfied(redirectTo: string): HerodotError {
  return new HerodotError({
    code: 403,
    id: 'session_aal2_required',
    reason:
      'An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.',
    message: 'Session does not fulfill the requested Authenticator Assurance Level',
    details: { redirect_browser_to: redirectTo },
    extra: { redirect_browser_to: redirectTo },
  });
}

/** The browser login that upgrades the session: `<public>/self-service/login/browser?aal=aal2[&return_to=]`. */
export function aal2LoginUrl(config: EmulatorConfig, returnTo?: string): string {
  const query = new URLSearchParams({ aal: 'aal2' });
  if (returnTo !== undefined) query.set('return_to', returnTo);
  return `${config.publicBaseUrl}self-service/login/browser?${goEncodeQuery(query)}`;
}

/**
 * `DoesSessionSatisfy`: `undefined` when the session may proceed, else the 403 to send. With
 * `highest_available`, an aal1 session of an identity that has a second factor falls short.
 */
export function sessionAalError(
  config: EmulatorConfig,
  session: Session,
  identity: Identity,
  required: RequiredAal,
  returnTo?: string,
): HerodotError | undefined {
  if (session.aal === 'aal2') return undefined;
  if (required === 'aal1') {
    return session.aal === 'aal1' ? undefined : aalNotSatisfied(aal2LoginUrl(config, returnTo));
  }
  return availableAal(identity, config) === 'aal2'
    ? aalNotSatisfied(aal2LoginUrl(config, returnTo))
    : undefined;
}
