/**
 * The identity record and what Kratos' schema extensions derive from its traits: password
 * credential identifiers, verifiable addresses and recovery addresses (`identity/extension_*.go`).
 */
import { newId } from '../crypto/tokens';
import type { JsonValue } from '../json';
import type { IdentitySchema } from './schemaRegistry';
import { valueAt } from './schemaPaths';

export type IdentityState = 'active' | 'inactive';
export type CredentialsType = 'password' | 'oidc' | 'saml' | 'code' | 'totp' | 'lookup_secret';

/** One linked social account (`identity.CredentialsOIDCProvider`); tokens are the ones of the first sign-in. */
export interface ProviderCredential {
  subject: string;
  provider: string;
  initialIdToken?: string;
  initialAccessToken?: string;
  initialRefreshToken?: string;
  organization?: string;
}

/** A backup code (`identity.RecoveryCode`); `usedAt` marks it spent. */
export interface LookupCode {
  readonly code: string;
  usedAt?: Date;
}

/** Secret or provider data; never serialized except as Kratos' declassified forms allow. */
export interface CredentialConfig {
  hashedPassword?: string;
  providers?: ProviderCredential[];
  /** `code`: where codes go (`identity.CredentialsCode.addresses`). */
  addresses?: { channel: string; address: string }[];
  /** `totp`: the `otpauth://` key URL. */
  totpUrl?: string;
  /** `lookup_secret`. */
  recoveryCodes?: LookupCode[];
}

export interface Credential {
  readonly type: CredentialsType;
  identifiers: string[];
  config: CredentialConfig;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface VerifiableAddress {
  id: string;
  value: string;
  verified: boolean;
  via: string;
  status: 'pending' | 'sent' | 'completed';
  verifiedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface RecoveryAddress {
  id: string;
  value: string;
  via: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Identity {
  readonly id: string;
  schemaId: string;
  state: IdentityState;
  /** Unset after a profile settings update (Kratos v26.2.0 stores NULL there). */
  stateChangedAt?: Date;
  traits: JsonValue;
  credentials: Partial<Record<CredentialsType, Credential>>;
  verifiableAddresses: VerifiableAddress[];
  recoveryAddresses: RecoveryAddress[];
  metadataPublic: JsonValue;
  metadataAdmin: JsonValue;
  externalId?: string;
  organizationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An address proven reachable (a code or link sent to it was used, or the provider vouched for it). */
export function markVerified(address: VerifiableAddress, at: Date): void {
  address.verified = true;
  address.verifiedAt = at;
  address.status = 'completed';
}

export const CREDENTIAL_TYPES: readonly string[] = [
  'password',
  'oidc',
  'totp',
  'lookup_secret',
  'webauthn',
  'code',
  'passkey',
  'profile',
  'saml',
  'link_recovery',
  'code_recovery',
];

/** Password (and code/webauthn) identifiers are compared lowercased and trimmed. */
export function normalizeIdentifier(value: string): string {
  return value.trim().toLowerCase();
}

function stringsAt(traits: JsonValue, path: string): string[] {
  const value = valueAt({ traits }, path);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function passwordIdentifiers(schema: IdentitySchema, traits: JsonValue): string[] {
  const out: string[] = [];
  for (const path of schema.traitPaths) {
    if (!path.extension.passwordIdentifier) continue;
    for (const value of stringsAt(traits, path.name)) {
      const normalized = normalizeIdentifier(value);
      if (normalized !== '' && !out.includes(normalized)) out.push(normalized);
    }
  }
  return out;
}

/**
 * The credentials extension for `code` identifiers (`identity/extension_credentials.go`): the
 * `code` credential lists every address (lowercased) with its channel, sorted by address.
 */
export function deriveCodeCredential(identity: Identity, schema: IdentitySchema, now: Date): void {
  const addresses: { channel: string; address: string }[] = [];
  for (const path of schema.traitPaths) {
    const via = path.extension.codeIdentifierVia;
    if (via === undefined) continue;
    for (const value of stringsAt(identity.traits, path.name)) {
      const address = via === 'email' ? value.trim().toLowerCase() : value.trim();
      if (!addresses.some((a) => a.address === address && a.channel === via))
        addresses.push({ channel: via, address });
    }
  }
  if (addresses.length === 0) return;
  addresses.sort((a, b) =>
    a.address === b.address ? (a.channel < b.channel ? -1 : 1) : a.address < b.address ? -1 : 1,
  );
  const existing = identity.credentials.code;
  identity.credentials.code = {
    type: 'code',
    identifiers: [...new Set(addresses.map((a) => a.address))],
    config: { addresses },
    version: existing?.version ?? 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: existing?.updatedAt ?? now,
  };
}

/** The TOTP account name: the trait marked `credentials.totp.account_name`, else the identity id. */
export function totpAccountName(identity: Identity, schema: IdentitySchema): string {
  for (const path of schema.traitPaths) {
    if (!path.extension.totpAccountName) continue;
    const value = valueAt({ traits: identity.traits }, path.name);
    if (value !== undefined && value !== null)
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
  return identity.id;
}

/**
 * Rebuilds the addresses from the traits like the verification/recovery extensions do, keeping
 * the state of addresses that already exist (or were imported) for the same value.
 */
export function deriveAddresses(identity: Identity, schema: IdentitySchema, now: Date): void {
  const verifiable: VerifiableAddress[] = [];
  const recovery: RecoveryAddress[] = [];
  for (const path of schema.traitPaths) {
    const { verificationVia, recoveryVia } = path.extension;
    for (const raw of stringsAt(identity.traits, path.name)) {
      const value = raw.trim().toLowerCase();
      if (
        verificationVia !== undefined &&
        !verifiable.some((a) => a.value === value && a.via === verificationVia)
      ) {
        const existing = identity.verifiableAddresses.find(
          (a) => a.value === value && a.via === verificationVia,
        );
        verifiable.push(
          existing ?? {
            id: newId(),
            value,
            verified: false,
            via: verificationVia,
            status: 'pending',
            createdAt: now,
            updatedAt: now,
          },
        );
      }
      if (recoveryVia !== undefined && !recovery.some((a) => a.value === value && a.via === recoveryVia)) {
        const existing = identity.recoveryAddresses.find((a) => a.value === value && a.via === recoveryVia);
        recovery.push(existing ?? { id: newId(), value, via: recoveryVia, createdAt: now, updatedAt: now });
      }
    }
  }
  identity.verifiableAddresses = verifiable;
  identity.recoveryAddresses = recovery;
}

/**
 * What Kratos' identity validator derives from the traits on every write: verifiable and recovery
 * addresses, and the `code` credential of code identifiers.
 */
export function applyTraitExtensions(identity: Identity, schema: IdentitySchema, now: Date): void {
  deriveAddresses(identity, schema, now);
  deriveCodeCredential(identity, schema, now);
}

export function newIdentity(schemaId: string, traits: JsonValue, now: Date): Identity {
  return {
    id: newId(),
    schemaId,
    state: 'active',
    stateChangedAt: now,
    traits,
    credentials: {},
    verifiableAddresses: [],
    recoveryAddresses: [],
    metadataPublic: null,
    metadataAdmin: null,
    organizationId: null,
    createdAt: now,
    updatedAt: now,
  };
}
