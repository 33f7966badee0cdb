import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';

export const createRecoveryFlow: MutationResolvers['createRecoveryFlow'] = (_parent, { input }, ctx) =>
  ctx.ory.recovery.create(callMode(input?.client), { returnTo: input?.returnTo });
