import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';

export const createVerificationFlow: MutationResolvers['createVerificationFlow'] = (
  _parent,
  { input },
  ctx,
) => ctx.ory.verification.create(callMode(input?.client), { returnTo: input?.returnTo });
