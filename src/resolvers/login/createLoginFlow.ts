import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { callMode } from '../enums';
import { exchangeCodeOption } from '../flows/createOptions';

export const createLoginFlow: MutationResolvers['createLoginFlow'] = (_parent, { input }, ctx) => {
  const mode = callMode(input?.client);
  return ctx.ory.login.create(mode, {
    refresh: input?.refresh,
    // Ory's values are lower-case; `AAL2` reads like the schema's enum values, so both are accepted.
    aal: input?.aal?.toLowerCase(),
    returnTo: input?.returnTo,
    returnSessionTokenExchangeCode: exchangeCodeOption(mode, input?.returnSessionTokenExchangeCode),
  });
};
