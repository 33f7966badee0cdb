import type {
  IdentityResolvers,
  RecoveryAddressResolvers,
  VerifiableAddressResolvers,
} from '../../__generated__/resolvers-types';
import { identityState } from '../enums';
import { json, jsonObject } from '../json';

export const Identity: IdentityResolvers = {
  /**
   * Federation entity lookup. Until administrators exist, a caller may only resolve its own identity; any other
   * id is indistinguishable from a missing one (contract §6).
   */
  __resolveReference: async (reference, ctx) => {
    const session = await ctx.loaders.session();
    const own = session?.identity;
    return own !== undefined && own.id === reference.id ? own : null;
  },
  schemaId: (identity) => identity.schema_id,
  schemaUrl: (identity) => identity.schema_url,
  state: (identity) => identityState(identity.state),
  stateChangedAt: (identity) => identity.state_changed_at ?? null,
  traits: (identity) => jsonObject(identity.traits) ?? {},
  verifiableAddresses: (identity) => identity.verifiable_addresses ?? [],
  recoveryAddresses: (identity) => identity.recovery_addresses ?? [],
  metadataPublic: (identity) => json(identity.metadata_public),
  externalId: (identity) => identity.external_id ?? null,
  organizationId: (identity) => identity.organization_id ?? null,
  createdAt: (identity) => identity.created_at ?? null,
  updatedAt: (identity) => identity.updated_at ?? null,
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
