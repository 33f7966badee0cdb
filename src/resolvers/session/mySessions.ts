import type { MutationResolvers, QueryResolvers } from '../../__generated__/resolvers-types';
import { fetchConnection, pageRequest } from '../connection';
import { requireUuid } from '../input';

export const mySessions: QueryResolvers['mySessions'] = async (_parent, { first, after }, ctx) => {
  const request = pageRequest(first, after);
  return fetchConnection(request, (size, token) => ctx.ory.sessions.list(size, token));
};

export const disableMySession: MutationResolvers['disableMySession'] = async (_parent, { id }, ctx) => {
  await ctx.ory.sessions.disable(requireUuid(id, 'id'));
  return true;
};

export const disableMyOtherSessions: MutationResolvers['disableMyOtherSessions'] = (_parent, _args, ctx) =>
  ctx.ory.sessions.disableOthers();
