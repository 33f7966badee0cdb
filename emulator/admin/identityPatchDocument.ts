/**
 * The JSON document `PATCH /admin/identities/{id}` patches, and the way back. Kratos marshals the
 * identity with credentials *and their configs* (`WithCredentialsAndAdminMetadataInJSON`), applies
 * the patch, and unmarshals the result into a fresh identity struct: absent keys become zero
 * values, wrong JSON types fail with Go's `encoding/json` texts.
 */
import { newId } from '../crypto/tokens';
import { HerodotError } from '../http/herodotError';
import type {
  Credential,
  CredentialsType,
  Identity,
  RecoveryAddress,
  VerifiableAddress,
} from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { goJsonKind, isJsonObject, parseJson, type JsonObject, type JsonValue } from '../json';
import { parseGoUuid } from './goUuid';
import { JsonPatchError, type DeniedPaths } from './jsonPatch';
import { copyIdentity } from './identityValidation';

/**
 * `jsonx.ApplyJSONPatch(..., "/id", "/stateChangedAt", "/credentials", "/credentials/oidc/**")`.
 * `/stateChangedAt` is not the JSON key (`state_changed_at`), so that field stays patchable.
 */
export const PATCH_DENIED_PATHS: DeniedPaths = {
  exact: ['/id', '/stateChangedAt', '/credentials'],
  prefixes: ['/credentials/oidc/'],
};

const STRUCT = 'WithCredentialsAndAdminMetadataInJSON';
const STORED_TYPES: readonly CredentialsType[] = ['password', 'oidc', 'saml'];

/** The patch target. It carries the password hash, so it never leaves the emulator. */
export function patchDocument(identity: Identity, publicBaseUrl: string): JsonObject {
  const json = identityJson(identity, {
    publicBaseUrl,
    adminMetadata: 'always',
    credentials: { declassify: [...STORED_TYPES] },
  });
  const doc = parseJson(JSON.stringify(json));
  if (!isJsonObject(doc)) throw new Error('identity JSON is an object');
  const credentials = doc.credentials;
  const hash = identity.credentials.password?.config.hashedPassword;
  if (isJsonObject(credentials) && isJsonObject(credentials.password)) {
    credentials.password.config = hash === undefined ? {} : { hashed_password: hash };
  }
  return doc;
}

function unmarshalError(value: JsonValue, struct: string, field: string, goType: string): never {
  throw new JsonPatchError(
    `json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${struct}.${field} of type ${goType}`,
  );
}

function stringField(doc: JsonObject, key: string, struct: string, path: string, goType = 'string'): string {
  const value = doc[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') unmarshalError(value, struct, path, goType);
  return value;
}

function timeField(doc: JsonObject, key: string, struct: string, path: string): Date | undefined {
  const value = doc[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') unmarshalError(value, struct, path, 'time.Time');
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new JsonPatchError(
      `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse`,
    );
  }
  return parsed;
}

function uuidField(doc: JsonObject, key: string, struct: string, path: string): string | undefined {
  const value = doc[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') unmarshalError(value, struct, path, 'uuid.UUID');
  const parsed = parseGoUuid(value);
  if (!parsed.ok) throw new JsonPatchError(parsed.error);
  return parsed.id;
}

function objectList(doc: JsonObject, key: string, goType: string): JsonObject[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) unmarshalError(value, STRUCT, key, goType);
  return value.map((item) => {
    if (item !== null && !isJsonObject(item)) unmarshalError(item, STRUCT, key, goType.replace(/^\[\]/, ''));
    return item ?? {};
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Kratos stamps `verified_at` when an address becomes verified and clears it when it stops being. */
function verifiableAddresses(doc: JsonObject, current: Identity, now: Date): VerifiableAddress[] {
  const struct = 'VerifiableAddress';
  return objectList(doc, 'verifiable_addresses', '[]identity.VerifiableAddress').map((item) => {
    const path = (field: string): string => `verifiable_addresses.${field}`;
    const id = uuidField(item, 'id', struct, path('id')) ?? newId();
    const previous = current.verifiableAddresses.find((a) => a.id === id);
    const verified = item.verified ?? false;
    if (typeof verified !== 'boolean') unmarshalError(verified, struct, path('verified'), 'bool');
    const status = stringField(item, 'status', struct, path('status'), 'identity.VerifiableAddressStatus');
    const verifiedAt = timeField(item, 'verified_at', struct, path('verified_at'));
    const address: VerifiableAddress = {
      id,
      value: stringField(item, 'value', struct, path('value')),
      verified,
      via: stringField(item, 'via', struct, path('via')),
      status:
        status === 'pending' || status === 'sent' || status === 'completed'
          ? status
          : (previous?.status ?? 'pending'),
      verifiedAt: verified ? (verifiedAt ?? previous?.verifiedAt ?? now) : undefined,
      createdAt: timeField(item, 'created_at', struct, path('created_at')) ?? previous?.createdAt ?? now,
      updatedAt: previous?.updatedAt ?? now,
    };
    const changed =
      !previous ||
      previous.value !== address.value ||
      previous.verified !== address.verified ||
      previous.via !== address.via ||
      previous.status !== address.status ||
      previous.verifiedAt?.getTime() !== address.verifiedAt?.getTime();
    return changed ? { ...address, updatedAt: now } : address;
  });
}

function recoveryAddresses(doc: JsonObject, current: Identity, now: Date): RecoveryAddress[] {
  const struct = 'RecoveryAddress';
  return objectList(doc, 'recovery_addresses', '[]identity.RecoveryAddress').map((item) => {
    const path = (field: string): string => `recovery_addresses.${field}`;
    const id = uuidField(item, 'id', struct, path('id')) ?? newId();
    const previous = current.recoveryAddresses.find((a) => a.id === id);
    const value = stringField(item, 'value', struct, path('value'));
    const via = stringField(item, 'via', struct, path('via'));
    const changed = !previous || previous.value !== value || previous.via !== via;
    return {
      id,
      value,
      via,
      createdAt: timeField(item, 'created_at', struct, path('created_at')) ?? previous?.createdAt ?? now,
      updatedAt: changed ? now : previous.updatedAt,
    };
  });
}

function providerList(config: JsonValue | undefined): { subject: string; provider: string }[] {
  const list = isJsonObject(config) ? config.providers : undefined;
  return (Array.isArray(list) ? list : []).filter(isJsonObject).map((p) => ({
    subject: typeof p.subject === 'string' ? p.subject : '',
    provider: typeof p.provider === 'string' ? p.provider : '',
  }));
}

/**
 * Credentials of the patched document. Code, TOTP and backup-code credentials are kept as stored
 * (patches to them are not applied); a password's clear-text `config.password` is ignored like Kratos does (it only
 * ever reads `hashed_password`).
 */
function credentials(doc: JsonObject, current: Identity, now: Date): Identity['credentials'] {
  const value = doc.credentials;
  const kept: Identity['credentials'] = {};
  for (const type of ['code', 'totp', 'lookup_secret'] as const) {
    const credential = current.credentials[type];
    if (credential) kept[type] = structuredClone(credential);
  }
  if (value === undefined || value === null) return kept;
  if (!isJsonObject(value))
    unmarshalError(value, STRUCT, 'credentials', 'map[identity.CredentialsType]identity.Credentials');
  const out: Identity['credentials'] = kept;
  for (const type of STORED_TYPES) {
    const item = value[type];
    if (item === undefined || item === null) continue;
    const struct = 'Credentials';
    if (!isJsonObject(item)) unmarshalError(item, STRUCT, 'credentials', 'identity.Credentials');
    const identifiers = item.identifiers ?? [];
    if (!Array.isArray(identifiers) || identifiers.some((i) => typeof i !== 'string')) {
      unmarshalError(identifiers, struct, 'credentials.identifiers', '[]string');
    }
    const version = item.version ?? 0;
    if (typeof version !== 'number') unmarshalError(version, struct, 'credentials.version', 'int');
    const previous = current.credentials[type];
    const config: Credential['config'] = {};
    if (type === 'password') {
      const hash = isJsonObject(item.config) ? item.config.hashed_password : undefined;
      if (typeof hash === 'string' && hash !== '') config.hashedPassword = hash;
    } else {
      config.providers = providerList(item.config);
    }
    const credential: Credential = {
      type,
      identifiers: identifiers.filter((i): i is string => typeof i === 'string'),
      config,
      version,
      createdAt:
        timeField(item, 'created_at', struct, 'credentials.created_at') ?? previous?.createdAt ?? now,
      updatedAt: previous?.updatedAt ?? now,
    };
    out[type] = sameJson(credential.config, previous?.config)
      ? credential
      : { ...credential, updatedAt: now };
  }
  return out;
}

/** `The supplied state (...) was not valid`, checked only when the state changed. */
function invalidState(state: string): HerodotError {
  return new HerodotError({
    code: 400,
    reason: `The supplied state ('${state}') was not valid. Valid states are ('active', 'inactive').`,
    message: 'identity state is not valid',
  });
}

/** The identity a patched document describes; `id` and `created_at` always stay as stored. */
export function identityFromPatchDocument(current: Identity, doc: JsonValue, now: Date): Identity {
  if (!isJsonObject(doc)) {
    throw new JsonPatchError(
      `json: cannot unmarshal ${goJsonKind(doc)} into Go value of type identity.${STRUCT}`,
    );
  }
  const identity = copyIdentity(current);
  identity.schemaId = stringField(doc, 'schema_id', STRUCT, 'schema_id');
  const state = stringField(doc, 'state', STRUCT, 'state', 'identity.State');
  const stateChangedAt = timeField(doc, 'state_changed_at', STRUCT, 'state_changed_at');
  identity.traits = doc.traits === undefined ? {} : doc.traits;
  identity.metadataPublic = doc.metadata_public ?? null;
  identity.metadataAdmin = doc.metadata_admin ?? null;
  const externalId = stringField(doc, 'external_id', STRUCT, 'external_id', 'sqlxx.NullString');
  identity.externalId = externalId === '' ? undefined : externalId;
  identity.organizationId = uuidField(doc, 'organization_id', STRUCT, 'organization_id') ?? null;
  identity.verifiableAddresses = verifiableAddresses(doc, current, now);
  identity.recoveryAddresses = recoveryAddresses(doc, current, now);
  identity.credentials = credentials(doc, current, now);

  if (state !== current.state) {
    if (state !== 'active' && state !== 'inactive') throw invalidState(state);
    identity.state = state;
    identity.stateChangedAt = now;
  } else {
    // A fresh struct: a document without `state_changed_at` clears it.
    identity.stateChangedAt = stateChangedAt;
  }
  return identity;
}
