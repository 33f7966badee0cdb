import type {
  MutationResolvers,
  QueryResolvers,
  LogoutFlowResolvers,
} from '../../__generated__/resolvers-types';

export const logout: MutationResolvers['logout'] = async (_parent, { input }, ctx) => {
  await ctx.ory.logout.logout({ logoutToken: input?.logoutToken, returnTo: input?.returnTo });
  return { loggedOut: true };
};

export const logoutFlow: QueryResolvers['logoutFlow'] = (_parent, { returnTo }, ctx) =>
  ctx.ory.logout.createFlow(returnTo);

export const LogoutFlow: LogoutFlowResolvers = {
  logoutUrl: (flow) => flow.logout_url,
  logoutToken: (flow) => flow.logout_token,
};
