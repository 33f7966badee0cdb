/**
 * The identity record and what Kratos' schema extensions derive from its traits: password
 * credential identifiers, verifiable addresses and recovery addresses (`identity/extension_*.go`).
 */
import { newId } from '../crypto/tokens';
import type { JsonValue } from '../json';
import type { IdentitySchema } from './schemaRegistry';
import { valueAt } from './schemaPaths';

export type IdentityState = 'active' | 'inactive';
export type CredentialsType = 'password' | 'oidc' | 'saml';

export interface Credential {
  readonly type: CredentialsType;
  identifiers: string[];
  /** Secret or provider data; never serialized except as Kratos' declassified forms allow. */
  config: { hashedPassword?: string; providers?: { subject: string; provider: string }[] };
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
