/**
 * `DELETE /admin/identities/{id}/credentials/{type}` (`deleteIdentityCredentials`): removes a
 * password (its config is emptied, the identifiers stay) or one OIDC/SAML provider (chosen by the
 * `identifier` query), but never the identity's last active first factor. TOTP and backup codes
 * are removed outright; the emulator stores no WebAuthn credentials ("no ... set up"), and a `code`
 * credential cannot be deleted.
 */
import { badRequest, notFound, resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty } from '../http/respond';
import type { Credential, CredentialsType, Identity } from '../identity/identity';
import { copyIdentity, saveUpdatedIdentity } from './identityValidation';

function storedCredential(identity: Identity, type: string): Credential | undefined {
  const types: readonly CredentialsType[] = ['password', 'oidc', 'saml', 'code', 'totp', 'lookup_secret'];
  const known = types.find((t) => t === type);
  return known === undefined ? undefined : identity.credentials[known];
}

/** The strategies' `CountActiveFirstFactorCredentials` (code counts once when passwordless is on). */
function activeFirstFactors(identity: Identity, codePasswordless: boolean): number {
  let count = codePasswordless ? 1 : 0;
  const password = identity.credentials.password;
  if (password && password.config.hashedPassword !== undefined && (password.identifiers[0] ?? '') !== '')
    count++;
  for (const type of ['oidc', 'saml'] as const) {
    const credential = identity.credentials[type];
    for (const p of credential?.config.providers ?? []) {
      if (credential?.identifiers.includes(`${p.provider}:${p.subject}`)) count++;
    }
  }
  return count;
}

function removeProvider(credential: Credential, identifier: string): void {
  if (identifier === '') throw badRequest('You must provide an identifier to delete this credential.');
  const providers = credential.config.providers ?? [];
  const kept = providers.filter((p) => `${p.provider}:${p.subject}` !== identifier);
  // Kratos says "OIDC" for SAML credentials too.
  if (kept.length === providers.length) {
    throw notFound(`The identifier \`${identifier}\` was not found among OIDC credentials.`);
  }
  credential.config.providers = kept;
  credential.identifiers = kept.map((p) => `${p.provider}:${p.subject}`);
}

export function deleteIdentityCredentials(ctx: RequestContext): void {
  const stored = ctx.deps.store.getIdentity(ctx.params.id ?? '');
  if (!stored) throw resourceNotFound();
  const type = ctx.params.type ?? '';
  const found = storedCredential(stored, type);
  if (!found) {
    throw notFound(`You tried to remove a ${type} but this user have no ${type} set up.`);
  }
  const now = ctx.deps.now();
  const identity = copyIdentity(stored);
  if (found.type === 'totp' || found.type === 'lookup_secret') {
    identity.credentials = Object.fromEntries(
      Object.entries(identity.credentials).filter(([type]) => type !== found.type),
    );
    saveUpdatedIdentity(ctx.deps, identity, now);
    sendEmpty(ctx, 204);
    return;
  }
  if (found.type === 'code') throw badRequest(`Credentials type ${found.type} cannot be deleted.`);
  if (activeFirstFactors(stored, ctx.deps.config.codePasswordless) < 2) {
    throw badRequest('You cannot remove the last first factor credential.');
  }
  const credential = storedCredential(identity, type);
  if (!credential) throw resourceNotFound();
  if (credential.type === 'password') credential.config = {};
  else removeProvider(credential, ctx.query.get('identifier') ?? '');
  credential.updatedAt = now;
  saveUpdatedIdentity(ctx.deps, identity, now);
  sendEmpty(ctx, 204);
}
