import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { loginVerdict } from '../flows/verdicts';
import { onlyMethod, requireUuid } from '../input';

/**
 * Validation failures come back as the `LoginFlow` member (with Ory's messages), never as errors. Attempts
 * are limited per client IP and per identifier before Ory sees them.
 */
export const updateLoginFlow: MutationResolvers['updateLoginFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const password = onlyMethod({ password: input.password });
  return ctx.attempts.guard(
    'login',
    password.identifier,
    () =>
      ctx.ory.login.submit(flowId, {
        identifier: password.identifier,
        password: password.password,
        csrfToken: input.csrfToken,
        transientPayload: input.transientPayload,
      }),
    loginVerdict,
  );
};
