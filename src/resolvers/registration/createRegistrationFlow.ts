import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';

export const createRegistrationFlow: MutationResolvers['createRegistrationFlow'] = (
  _parent,
  { input },
  ctx,
) => ctx.ory.registration.create(callMode(input?.client), { returnTo: input?.returnTo });
