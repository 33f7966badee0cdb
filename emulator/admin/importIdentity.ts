/**
 * Turns a checked `createIdentityBody` into an identity (`identityFromCreateIdentityBody`,
 * `importCredentials`, the identity validator). Imported passwords skip the password policy.
 */
import { hashPassword, isSupportedHash } from '../crypto/passwordHash';
import { badRequest } from '../http/herodotError';
import { newId } from '../crypto/tokens';
import {
  deriveAddresses,
  newIdentity,
  passwordIdentifiers,
  type Identity,
  type RecoveryAddress,
  type VerifiableAddress,
} from '../identity/identity';
import type { SchemaRegistry } from '../identity/schemaRegistry';
import { validatorReason } from '../identity/violations';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

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

export async function identityFromCreateBody(
  body: JsonObject,
  schemas: SchemaRegistry,
  now: Date,
): Promise<Identity> {
  const state = str(body.state) ?? '';
  if (state !== '' && state !== 'active' && state !== 'inactive')
    throw badRequest('identity state is not valid');

  const schemaId = str(body.schema_id) ?? '';
  const schema = schemas.get(schemaId === '' ? schemas.defaultId : schemaId);
  if (!schema) throw badRequest(`Identity schema \`${schemaId}\` could not be found.`);

  const traits: JsonValue = body.traits ?? null;
  const identity = newIdentity(schema.id, traits, now);
  if (state === 'inactive') identity.state = 'inactive';
  identity.metadataPublic = body.metadata_public ?? null;
  identity.metadataAdmin = body.metadata_admin ?? null;
  identity.organizationId = str(body.organization_id)?.toLowerCase() ?? null;
  const externalId = str(body.external_id);
  if (externalId !== undefined && externalId !== '') identity.externalId = externalId;
  identity.verifiableAddresses = importedVerifiable(body, now);
  identity.recoveryAddresses = importedRecovery(body, now);

  const violations = schema.validateIdentity(traits);
  if (violations.length > 0) throw badRequest(validatorReason(violations));

  const credentials = obj(body.credentials);
  const password = obj(obj(obj(credentials?.password)?.config));
  const clear = str(password?.password) ?? '';
  const hashed = str(password?.hashed_password) ?? '';
  if (clear !== '' || hashed !== '' || password?.use_password_migration_hook === true) {
    if (clear === '' && hashed !== '' && !isSupportedHash(hashed)) {
      // The emulator can only verify its own scrypt format; see crypto/passwordHash.ts.
      throw badRequest(
        'The imported password hash format is not supported by the Ory emulator; import a clear-text password instead.',
      );
    }
    identity.credentials.password = {
      type: 'password',
      identifiers: passwordIdentifiers(schema, traits),
      config: {
        hashedPassword: clear !== '' ? await hashPassword(clear) : hashed !== '' ? hashed : undefined,
      },
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
  }
  for (const type of ['oidc', 'saml'] as const) {
    const list = providers(obj(credentials?.[type]));
    if (list.length === 0) continue;
    identity.credentials[type] = {
      type,
      identifiers: list.map((p) => `${p.provider}:${p.subject}`),
      config: { providers: list },
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
  }
  deriveAddresses(identity, schema, now);
  return identity;
}
