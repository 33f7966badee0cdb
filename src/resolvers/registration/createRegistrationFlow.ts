import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';
import { exchangeCodeOption } from '../flows/createOptions';

export const createRegistrationFlow: MutationResolvers['createRegistrationFlow'] = (
  _parent,
  { input },
  ctx,
) => {
  const mode = callMode(input?.client);
  return ctx.ory.registration.create(mode, {
    returnTo: input?.returnTo,
    returnSessionTokenExchangeCode: exchangeCodeOption(mode, input?.returnSessionTokenExchangeCode),
  });
};
