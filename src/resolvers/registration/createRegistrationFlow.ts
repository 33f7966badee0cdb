import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { badInput } from '../../errors';

export const createRegistrationFlow: MutationResolvers['createRegistrationFlow'] = (
  _parent,
  { input },
  ctx,
) => {
  if (input?.client === 'BROWSER')
    throw badInput('Browser flows are not available yet; use NATIVE.', 'client');
  return ctx.ory.createRegistrationFlow({ returnTo: input?.returnTo });
};
