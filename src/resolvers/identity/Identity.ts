import type {
  IdentityCredentialResolvers,
  IdentityResolvers,
  RecoveryAddressResolvers,
  SocialSignInConnectionResolvers,
  VerifiableAddressResolvers,
} from '../../__generated__/resolvers-types';
import type { Context } from '../../context/context';
import type { IdentityCredentialsOidcProvider, Identity as OryIdentity } from '../../ory/models';
import { socialConnections } from './socialConnections';
import { fullIdentity, withPartialIdentities } from '../session/partialIdentity';
import { fetchConnection, pageRequest } from '../connection';
import { credentialsType, identityState } from '../enums';
import { json, jsonObject, required } from '../json';

/**
 * An identity by id as the caller may see it (contract §6): administrators see any identity (batched through
 * the loader); everyone else only their own, and any other id is indistinguishable from a missing one.
 */
export async function visibleIdentity(ctx: Context, id: string): Promise<OryIdentity | null> {
  if (await ctx.isAdmin()) return (await ctx.admin()).identityById.load(id);
  const own = (await ctx.loaders.session())?.identity;
  return own !== undefined && own.id === id ? own : null;
}

export const Identity: IdentityResolvers = {
  /** Federation entity lookup, with the same visibility as everywhere else. */
  __resolveReference: (reference, ctx) => visibleIdentity(ctx, reference.id),
  schemaId: (identity) => identity.schema_id,
  schemaUrl: async (identity, _args, ctx) => (await fullIdentity(identity, ctx)).schema_url,
  state: (identity) => identityState(identity.state),
  stateChangedAt: (identity) => identity.state_changed_at ?? null,
  traits: (identity) => jsonObject(identity.traits) ?? {},
  verifiableAddresses: async (identity, _args, ctx) =>
    (await fullIdentity(identity, ctx)).verifiable_addresses ?? [],
  recoveryAddresses: async (identity, _args, ctx) =>
    (await fullIdentity(identity, ctx)).recovery_addresses ?? [],
  metadataPublic: (identity) => json(identity.metadata_public),
  externalId: (identity) => identity.external_id ?? null,
  organizationId: (identity) => identity.organization_id ?? null,
  createdAt: (identity) => required(identity.created_at, 'identity.created_at'),
  updatedAt: (identity) => required(identity.updated_at, 'identity.updated_at'),
  // Administrator-only fields: anyone else gets FORBIDDEN (or UNAUTHENTICATED) on the field, with no admin call.
  metadataAdmin: async (identity, _args, ctx) => {
    await ctx.admin();
    return json(identity.metadata_admin);
  },
  credentials: async (identity, _args, ctx) => {
    const admin = await ctx.admin();
    // Identities that came without credentials (most reads) get them in one batched call per operation.
    const credentials = identity.credentials ?? (await admin.credentialsById.load(identity.id)) ?? {};
    return Object.values(credentials);
  },
  sessions: async (identity, { first, after, active }, ctx) => {
    const request = pageRequest(first, after);
    const admin = await ctx.admin();
    return fetchConnection(request, async (size, token) =>
      withPartialIdentities(await admin.ory.sessions.ofIdentity(identity.id, size, token, active ?? null)),
    );
  },
};

/** Only what identifies a credential: its `config` (hashes, keys) is never part of the schema. */
export const IdentityCredential: IdentityCredentialResolvers = {
  type: (credential) => credentialsType(credential.type),
  connections: (credential) => socialConnections(credential),
  identifiers: (credential) => credential.identifiers ?? [],
  version: (credential) => credential.version ?? null,
  createdAt: (credential) => credential.created_at ?? null,
  updatedAt: (credential) => credential.updated_at ?? null,
};

/**
 * The provider tokens are shown only to callers allowed to read them; the field is refused to anyone else. Ory
 * writes `""` for a token it does not have.
 */
const providerToken =
  (key: 'initial_access_token' | 'initial_refresh_token' | 'initial_id_token') =>
  async (connection: IdentityCredentialsOidcProvider, _args: unknown, ctx: Context) => {
    await ctx.providerTokens();
    const token = connection[key];
    return token === undefined || token === '' ? null : token;
  };

export const SocialSignInConnection: SocialSignInConnectionResolvers = {
  provider: (connection) => connection.provider ?? '',
  subject: (connection) => connection.subject ?? '',
  organization: (connection) => connection.organization ?? null,
  initialAccessToken: providerToken('initial_access_token'),
  initialRefreshToken: providerToken('initial_refresh_token'),
  initialIdToken: providerToken('initial_id_token'),
};

export const VerifiableAddress: VerifiableAddressResolvers = {
  verifiedAt: (address) => address.verified_at ?? null,
  createdAt: (address) => address.created_at ?? null,
  updatedAt: (address) => address.updated_at ?? null,
};

export const RecoveryAddress: RecoveryAddressResolvers = {
  createdAt: (address) => address.created_at ?? null,
  updatedAt: (address) => address.updated_at ?? null,
};
