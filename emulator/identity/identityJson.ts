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

/** The declassified `config` of each credential type (`Identity.WithDeclassifiedCredentials`). */
function configJson(credential: Credential): Record<string, unknown> {
  const config = credential.config;
  switch (credential.type) {
    case 'password':
      // The emulator's scrypt hash, where Kratos shows its bcrypt one.
      return { hashed_password: config.hashedPassword };
    case 'oidc':
    case 'saml':
      // Rebuilt key by key: OIDC tokens first (decrypted, '' when none), never for SAML.
      return {
        providers: (config.providers ?? []).map((p) => ({
          ...(credential.type === 'oidc'
            ? {
                initial_id_token: p.initialIdToken ?? '',
                initial_access_token: p.initialAccessToken ?? '',
                initial_refresh_token: p.initialRefreshToken ?? '',
              }
            : {}),
          subject: p.subject,
          provider: p.provider,
          organization: p.organization === '' ? undefined : p.organization,
        })),
      };
    case 'code':
      return { addresses: config.addresses ?? [] };
    case 'totp':
      return { totp_url: config.totpUrl };
    case 'lookup_secret':
      return {
        recovery_codes: (config.recoveryCodes ?? []).map((c) => ({
          code: c.code,
          used_at: c.usedAt === undefined ? null : goTime(c.usedAt),
        })),
      };
  }
}

function credentialJson(credential: Credential, declassify: readonly string[]): Record<string, unknown> {
  return {
    type: credential.type,
    identifiers: credential.identifiers,
    config: declassify.includes(credential.type) ? configJson(credential) : undefined,
    version: credential.version,
    created_at: goTime(credential.createdAt),
    updated_at: goTime(credential.updatedAt),
  };
}

/** Go marshals the credentials map with sorted keys. */
const SORTED_TYPES: readonly CredentialsType[] = [
  'code',
  'lookup_secret',
  'oidc',
  'password',
  'saml',
  'totp',
];

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
