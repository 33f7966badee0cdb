import type { MutationResolvers, QueryResolvers } from '../../__generated__/resolvers-types';
import { ErrorCode, apiError, badInput } from '../../errors';
import { fetchConnection, pageRequest } from '../connection';
import { requireUuid } from '../input';

/** The caller's other sessions (Ory leaves the current one out: it is `me`). */
export const mySessions: QueryResolvers['mySessions'] = async (_parent, { first, after }, ctx) => {
  const request = pageRequest(first, after);
  return fetchConnection(request, async (size, token) => {
    const page = await ctx.ory.sessions.list(size, token);
    return { ...page, items: page.items.map((session) => ({ ...session, ownedByCaller: true as const })) };
  });
};

/**
 * True once Ory has revoked the session. Ory lists the caller's sessions without the current one, so an id
 * missing from that list is either the current session (refused, as Ory refuses it) or not the caller's at all.
 */
export const disableMySession: MutationResolvers['disableMySession'] = async (_parent, { id }, ctx) => {
  const sessionId = requireUuid(id, 'id');
  if (await ctx.ory.sessions.owns(sessionId)) {
    await ctx.ory.sessions.disable(sessionId);
    await ctx.sessionsChanged({ sessionIds: [sessionId] });
    return true;
  }
  const current = await ctx.loaders.session();
  if (current?.id === sessionId)
    throw badInput('The current session cannot be revoked here: use logout.', 'id');
  throw apiError(ErrorCode.NOT_FOUND, 'You have no other active session with this id.');
};

export const disableMyOtherSessions: MutationResolvers['disableMyOtherSessions'] = async (
  _parent,
  _args,
  ctx,
) => {
  const count = await ctx.ory.sessions.disableOthers();
  // The revoked sessions are unknown by id: all of the identity's cached sessions go (the caller's is asked for
  // if the cache does not know it, one Ory call; nothing happens without a session cache).
  await ctx.sessionsChanged({ caller: true, lookUpCaller: true });
  return count;
};
