import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';

export const createLoginFlow: MutationResolvers['createLoginFlow'] = (_parent, { input }, ctx) =>
  ctx.ory.login.create(callMode(input?.client), {
    refresh: input?.refresh,
    aal: input?.aal,
    returnTo: input?.returnTo,
  });
