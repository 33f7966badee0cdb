/**
 * Identities from admin bodies (`identityFromCreateIdentityBody`, `importCredentials` in
 * `identity/handler.go` and `handler_import.go`). Schema validation is a separate step
 * (`identityValidation.ts`) because the batch endpoint reports it per identity. Imported passwords
 * skip the password policy.
 */
import { hashPassword, isSupportedHash } from '../crypto/passwordHash';
import { newId } from '../crypto/tokens';
import { badRequest } from '../http/herodotError';
import {
  newIdentity,
  type Credential,
  type Identity,
  type RecoveryAddress,
  type VerifiableAddress,
} from '../identity/identity';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { parseGoUuid } from './goUuid';

function str(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

function date(value: JsonValue | undefined, fallback: Date): Date {
  return typeof value === 'string' ? new Date(value) : fallback;
}

function importedVerifiable(body: JsonObject, now: Date): VerifiableAddress[] {
  const list = Array.isArray(body.verifiable_addresses) ? body.verifiable_addresses : [];
  return list.filter(isJsonObject).map((a) => {
    const status = str(a.status);
    return {
      id: str(a.id)?.toLowerCase() ?? newId(),
      value: (str(a.value) ?? '').toLowerCase(),
      verified: a.verified === true,
      via: str(a.via) ?? 'email',
      status: status === 'sent' || status === 'completed' ? status : 'pending',
      verifiedAt: typeof a.verified_at === 'string' ? new Date(a.verified_at) : undefined,
      createdAt: date(a.created_at, now),
      updatedAt: date(a.updated_at, now),
    };
  });
}

function importedRecovery(body: JsonObject, now: Date): RecoveryAddress[] {
  const list = Array.isArray(body.recovery_addresses) ? body.recovery_addresses : [];
  return list.filter(isJsonObject).map((a) => ({
    id: str(a.id)?.toLowerCase() ?? newId(),
    value: (str(a.value) ?? '').toLowerCase(),
    via: str(a.via) ?? 'email',
    createdAt: date(a.created_at, now),
    updatedAt: date(a.updated_at, now),
  }));
}

function providers(credential: JsonObject | undefined): { subject: string; provider: string }[] {
  const list = obj(credential?.config)?.providers;
  return (Array.isArray(list) ? list : [])
    .filter(isJsonObject)
    .map((p) => ({ subject: str(p.subject) ?? '', provider: str(p.provider) ?? '' }));
}

/** Hash prefixes Kratos' `hash.Is*Hash` functions recognise. */
const KRATOS_HASH_PREFIXES = [
  '$2a$',
  '$2b$',
  '$2y$',
  '$argon2',
  '$pbkdf2',
  '$scrypt$',
  '$firescrypt$',
  '{SHA',
  '{SSHA',
];

function checkImportedHash(hashed: string): void {
  if (isSupportedHash(hashed)) return;
  if (!KRATOS_HASH_PREFIXES.some((prefix) => hashed.startsWith(prefix))) {
    throw badRequest(
      'The imported password does not match any known hash format. For more information see https://www.ory.sh/dr/2',
    );
  }
  // A format Kratos accepts but the emulator cannot verify; see crypto/passwordHash.ts.
  throw badRequest(
    'The imported password hash format is not supported by the Ory emulator; import a clear-text password instead.',
  );
}

async function importPassword(
  identity: Identity,
  credential: JsonObject | undefined,
  now: Date,
): Promise<void> {
  const config = obj(credential?.config);
  const clear = str(config?.password) ?? '';
  const hashed = str(config?.hashed_password) ?? '';
  if (clear === '' && hashed === '' && config?.use_password_migration_hook !== true) return;
  if (clear === '' && hashed !== '') checkImportedHash(hashed);
  // Identifiers are derived from the traits when the identity is validated.
  identity.credentials.password = {
    type: 'password',
    identifiers: identity.credentials.password?.identifiers ?? [],
    config: { hashedPassword: clear !== '' ? await hashPassword(clear) : hashed !== '' ? hashed : undefined },
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** OIDC/SAML imports add providers to an existing credential (`importOIDCCredentials`). */
function importProviders(
  identity: Identity,
  type: 'oidc' | 'saml',
  credential: JsonObject | undefined,
  now: Date,
): void {
  const list = providers(credential);
  if (list.length === 0) return;
  const existing: Credential | undefined = identity.credentials[type];
  const identifiers = list.map((p) => `${p.provider}:${p.subject}`);
  identity.credentials[type] = {
    type,
    identifiers: [...(existing?.identifiers ?? []), ...identifiers],
    config: { providers: [...(existing?.config.providers ?? []), ...list] },
    version: existing?.version ?? 0,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

/** `importCredentials`: a password replaces the current one, providers are appended. */
export async function importCredentials(
  identity: Identity,
  credentials: JsonObject | undefined,
  now: Date,
): Promise<void> {
  if (!credentials) return;
  await importPassword(identity, obj(credentials.password), now);
  importProviders(identity, 'oidc', obj(credentials.oidc), now);
  importProviders(identity, 'saml', obj(credentials.saml), now);
}

/**
 * `identityFromCreateIdentityBody`: state check, fields, imported addresses and credentials. The
 * schema id stays as sent ('' means the default schema) until the identity is validated.
 */
export async function identityFromCreateBody(body: JsonObject, now: Date): Promise<Identity> {
  const state = str(body.state) ?? '';
  if (state !== '' && state !== 'active' && state !== 'inactive')
    throw badRequest('identity state is not valid');

  // Traits that were not sent are `{}` (the validator's default for an empty `json.RawMessage`).
  const identity = newIdentity(str(body.schema_id) ?? '', body.traits === undefined ? {} : body.traits, now);
  if (state === 'inactive') identity.state = 'inactive';
  identity.metadataPublic = body.metadata_public ?? null;
  identity.metadataAdmin = body.metadata_admin ?? null;
  const organization = parseGoUuid(str(body.organization_id) ?? '');
  identity.organizationId = organization.ok ? organization.id : null;
  const externalId = str(body.external_id);
  if (externalId !== undefined && externalId !== '') identity.externalId = externalId;
  identity.verifiableAddresses = importedVerifiable(body, now);
  identity.recoveryAddresses = importedRecovery(body, now);
  await importCredentials(identity, obj(body.credentials), now);
  return identity;
}
