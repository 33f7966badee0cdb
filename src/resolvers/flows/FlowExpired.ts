import type { FlowExpiredResolvers } from '../../__generated__/resolvers-types';

export const FlowExpired: FlowExpiredResolvers = {
  /** The replacement flow, fetched only when a client selects it. */
  flow: async (expired, _args, ctx) => {
    if (expired.useFlowId === null) return null;
    if (expired.kind === 'login') {
      return { __typename: 'LoginFlow', ...(await ctx.ory.getLoginFlow(expired.useFlowId)) };
    }
    return { __typename: 'RegistrationFlow', ...(await ctx.ory.getRegistrationFlow(expired.useFlowId)) };
  },
};
