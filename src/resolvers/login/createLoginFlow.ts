import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { badInput } from '../../errors';

export const createLoginFlow: MutationResolvers['createLoginFlow'] = (_parent, { input }, ctx) => {
  if (input?.client === 'BROWSER')
    throw badInput('Browser flows are not available yet; use NATIVE.', 'client');
  return ctx.ory.createLoginFlow({ refresh: input?.refresh, aal: input?.aal, returnTo: input?.returnTo });
};
