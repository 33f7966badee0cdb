/**
 * Identity JSON in Kratos' field order (`identity/identity.go`). Public contexts (whoami, flows,
 * self-service responses) never carry `credentials` or `metadata_admin`; admin endpoints add
 * `metadata_admin` and, where Kratos does, credentials without their secret `config`.
 */
import { schemaIdToUrlSegment } from './schemaRegistry';
import type { Credential, CredentialsType, Identity } from './identity';
import { goTime } from '../time';

export interface IdentityJsonOptions {
  readonly publicBaseUrl: string;
  /** Admin views: include `metadata_admin` (`'omit-unset'`: only when it was set, as on create). */
  readonly adminMetadata?: 'always' | 'omit-unset' | 'never';
  /** Include `credentials`; types listed in `declassify` also get a (redacted) `config`. */
  readonly credentials?: { readonly declassify: readonly string[] };
}

/**
 * A declassified password credential shows its hash (the emulator's scrypt hash), as Kratos shows its bcrypt
 * one (`include_credential=password`); OIDC/SAML get their providers.
 */
function credentialJson(credential: Credential, declassify: readonly string[]): Record<string, unknown> {
  let config: Record<string, unknown> | undefined;
  if (declassify.includes(credential.type)) {
    config =
      credential.type === 'password'
        ? { hashed_password: credential.config.hashedPassword }
        : { providers: credential.config.providers ?? [] };
  }
  return {
    type: credential.type,
    identifiers: credential.identifiers,
    config,
    version: credential.version,
    created_at: goTime(credential.createdAt),
    updated_at: goTime(credential.updatedAt),
  };
}

/** Go marshals the credentials map with sorted keys. */
const SORTED_TYPES: readonly CredentialsType[] = ['oidc', 'password', 'saml'];

function credentialsJson(
  identity: Identity,
  declassify: readonly string[],
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const type of SORTED_TYPES) {
    const credential = identity.credentials[type];
    if (credential) out[type] = credentialJson(credential, declassify);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function identityJson(identity: Identity, options: IdentityJsonOptions): Record<string, unknown> {
  const adminMetadata = options.adminMetadata ?? 'never';
  return {
    id: identity.id,
    external_id: identity.externalId,
    credentials: options.credentials ? credentialsJson(identity, options.credentials.declassify) : undefined,
    schema_id: identity.schemaId,
    schema_url: `${options.publicBaseUrl}schemas/${schemaIdToUrlSegment(identity.schemaId)}`,
    state: identity.state,
    state_changed_at: identity.stateChangedAt === undefined ? undefined : goTime(identity.stateChangedAt),
    traits: identity.traits,
    verifiable_addresses:
      identity.verifiableAddresses.length > 0
        ? identity.verifiableAddresses.map((a) => ({
            id: a.id,
            value: a.value,
            verified: a.verified,
            via: a.via,
            status: a.status,
            verified_at: a.verifiedAt ? goTime(a.verifiedAt) : undefined,
            created_at: goTime(a.createdAt),
            updated_at: goTime(a.updatedAt),
          }))
        : undefined,
    recovery_addresses:
      identity.recoveryAddresses.length > 0
        ? identity.recoveryAddresses.map((a) => ({
            id: a.id,
            value: a.value,
            via: a.via,
            created_at: goTime(a.createdAt),
            updated_at: goTime(a.updatedAt),
          }))
        : undefined,
    metadata_public: identity.metadataPublic,
    metadata_admin:
      adminMetadata === 'always' || (adminMetadata === 'omit-unset' && identity.metadataAdmin !== null)
        ? identity.metadataAdmin
        : undefined,
    created_at: goTime(identity.createdAt),
    updated_at: goTime(identity.updatedAt),
    organization_id: identity.organizationId,
  };
}
