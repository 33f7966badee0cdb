import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { onlyMethod, requireUuid } from '../input';

/** A wrong code is the `RecoveryFlow` member with Ory's message 4060006, not an error. */
export const updateRecoveryFlow: MutationResolvers['updateRecoveryFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const code = onlyMethod({ code: input.code });
  return ctx.ory.recovery.submit(flowId, {
    email: code.email,
    code: code.code,
    csrfToken: input.csrfToken,
    transientPayload: input.transientPayload,
  });
};
