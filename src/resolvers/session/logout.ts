import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const logout: MutationResolvers['logout'] = async (_parent, _args, ctx) => ({
  loggedOut: await ctx.ory.logout(),
});
