import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { fetchConnection, pageRequest } from '../connection';
import { requireUuid } from '../input';
import { withPartialIdentities } from '../session/partialIdentity';

export const session: QueryResolvers['session'] = async (_parent, { id }, ctx) => {
  const uuid = requireUuid(id, 'id');
  return (await ctx.admin()).ory.sessions.get(uuid);
};

/** One Ory call per page: Ory embeds each session's identity. */
export const sessions: QueryResolvers['sessions'] = async (_parent, { first, after, active }, ctx) => {
  const request = pageRequest(first, after);
  const admin = await ctx.admin();
  return fetchConnection(request, async (size, token) =>
    withPartialIdentities(await admin.ory.sessions.list(size, token, active ?? null)),
  );
};
