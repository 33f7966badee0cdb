import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';
import { changingSessions } from './sessionsChanging';

export const disableSession: MutationResolvers['disableSession'] = async (_parent, { id }, ctx) => {
  const uuid = requireUuid(id, 'id');
  const admin = await ctx.admin();
  await changingSessions(ctx, { sessionIds: [uuid] }, () => admin.ory.sessions.disable(uuid));
  return true;
};

export const extendSession: MutationResolvers['extendSession'] = async (_parent, { id }, ctx) => {
  const uuid = requireUuid(id, 'id');
  const admin = await ctx.admin();
  return changingSessions(ctx, { sessionIds: [uuid] }, () => admin.ory.sessions.extend(uuid));
};

export const deleteIdentitySessions: MutationResolvers['deleteIdentitySessions'] = async (
  _parent,
  { identityId },
  ctx,
) => {
  const uuid = requireUuid(identityId, 'identityId');
  const admin = await ctx.admin();
  return changingSessions(ctx, { identityIds: [uuid] }, () => admin.ory.sessions.deleteOfIdentity(uuid));
};
