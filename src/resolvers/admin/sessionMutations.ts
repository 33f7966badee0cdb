import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const disableSession: MutationResolvers['disableSession'] = async (_parent, { id }, ctx) => {
  const uuid = requireUuid(id, 'id');
  await (await ctx.admin()).ory.sessions.disable(uuid);
  return true;
};

export const extendSession: MutationResolvers['extendSession'] = async (_parent, { id }, ctx) => {
  const uuid = requireUuid(id, 'id');
  return (await ctx.admin()).ory.sessions.extend(uuid);
};

export const deleteIdentitySessions: MutationResolvers['deleteIdentitySessions'] = async (
  _parent,
  { identityId },
  ctx,
) => {
  const uuid = requireUuid(identityId, 'identityId');
  return (await ctx.admin()).ory.sessions.deleteOfIdentity(uuid);
};
