import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { onlyMethod, requireUuid } from '../input';

/** Validation failures come back as the `LoginFlow` member (with Ory's messages), never as errors. */
export const updateLoginFlow: MutationResolvers['updateLoginFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const password = onlyMethod({ password: input.password });
  return ctx.ory.login.submit(flowId, {
    identifier: password.identifier,
    password: password.password,
    csrfToken: input.csrfToken,
    transientPayload: input.transientPayload,
  });
};
