import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { badInput } from '../../errors';
import type { JsonPatch } from '../../ory/adminIdentities';
import type { Identity } from '../../ory/models';
import { ORY_PATCH_OPS, oryCredentialType, oryIdentityState } from '../enums';
import { requireUuid } from '../input';
import { changingSessions } from './sessionsChanging';

const passwordCredentials = (password: string | null | undefined) =>
  password == null ? undefined : { password: { config: { password } } };

/** JSON Patch operations that mark every verifiable address of the identity as verified. */
function verifyAllAddresses(identity: Identity): JsonPatch[] {
  return (identity.verifiable_addresses ?? []).flatMap((_address, index) => [
    { op: 'replace' as const, path: `/verifiable_addresses/${index}/verified`, value: true },
    { op: 'replace' as const, path: `/verifiable_addresses/${index}/status`, value: 'completed' },
  ]);
}

export const createIdentity: MutationResolvers['createIdentity'] = async (_parent, { input }, ctx) => {
  const admin = await ctx.admin();
  // `traits` (JSON) or `profile` (typed, checked against its schema before Ory is called).
  const traits = ctx.traits.traitsOf(input, 'input', input.schemaId);
  const created = await admin.ory.identities.create({
    schema_id: input.schemaId,
    traits,
    state: input.state == null ? undefined : oryIdentityState(input.state),
    metadata_public: input.metadataPublic ?? undefined,
    metadata_admin: input.metadataAdmin ?? undefined,
    external_id: input.externalId ?? undefined,
    organization_id:
      input.organizationId == null ? undefined : requireUuid(input.organizationId, 'organizationId'),
    credentials: passwordCredentials(input.password),
  });
  // Ory derives addresses from the schema on create; marking them verified is a second, patch step.
  const patch = input.verifiedAddresses === true ? verifyAllAddresses(created) : [];
  return patch.length === 0 ? created : admin.ory.identities.patch(created.id, patch);
};

export const updateIdentity: MutationResolvers['updateIdentity'] = async (_parent, { input }, ctx) => {
  const id = requireUuid(input.id, 'id');
  const admin = await ctx.admin();
  const traits = ctx.traits.traitsOf(input, 'input', input.schemaId);
  // PUT semantics need the current schema and state when the caller leaves them out (Ory requires both).
  const needsCurrent = input.schemaId == null || input.state == null;
  const current = needsCurrent ? await admin.identityById.load(id) : null;
  if (needsCurrent && current === null) throw badInput('No identity has this id.', 'id');
  // Cached sessions show their identity (traits, state), so its sessions leave the cache.
  return changingSessions(ctx, { identityIds: [id] }, () =>
    admin.ory.identities.update(id, {
      schema_id: input.schemaId ?? current?.schema_id ?? '',
      state:
        input.state == null
          ? current?.state === 'inactive'
            ? 'inactive'
            : 'active'
          : oryIdentityState(input.state),
      traits,
      metadata_public: input.metadataPublic ?? undefined,
      metadata_admin: input.metadataAdmin ?? undefined,
      external_id: input.externalId ?? undefined,
      credentials: passwordCredentials(input.password),
    }),
  );
};

export const patchIdentity: MutationResolvers['patchIdentity'] = async (_parent, { input }, ctx) => {
  const id = requireUuid(input.id, 'id');
  if (input.operations.length === 0 || input.operations.length > 100) {
    throw badInput('operations takes 1 to 100 operations.', 'operations');
  }
  const operations: JsonPatch[] = input.operations.map((operation, index) => {
    const op = ORY_PATCH_OPS[operation.op];
    if (op === undefined)
      throw badInput(`Ory accepts only ADD, REMOVE and REPLACE (operation ${index}).`, 'operations');
    if (!operation.path.startsWith('/'))
      throw badInput(`path must be a JSON pointer (operation ${index}).`, 'operations');
    return { op, path: operation.path, value: operation.value };
  });
  const admin = await ctx.admin();
  return changingSessions(ctx, { identityIds: [id] }, () => admin.ory.identities.patch(id, operations));
};

export const deleteIdentity: MutationResolvers['deleteIdentity'] = async (_parent, { id }, ctx) => {
  const uuid = requireUuid(id, 'id');
  const admin = await ctx.admin();
  await changingSessions(ctx, { identityIds: [uuid] }, () => admin.ory.identities.delete(uuid));
  return true;
};

/** Answers with the identity as it is afterwards (a second Ory call). */
export const deleteIdentityCredentials: MutationResolvers['deleteIdentityCredentials'] = async (
  _parent,
  { input },
  ctx,
) => {
  const id = requireUuid(input.id, 'id');
  const admin = await ctx.admin();
  await changingSessions(ctx, { identityIds: [id] }, () =>
    admin.ory.identities.deleteCredentials(id, oryCredentialType(input.type), input.identifier),
  );
  const identity = await admin.ory.identities.get(id);
  if (identity === null) throw badInput('No identity has this id.', 'id');
  return identity;
};
