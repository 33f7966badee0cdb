import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { submitCode } from '../flows/codeSubmission';
import { onlyMethod, requireUuid } from '../input';

/** A wrong code is the `RecoveryFlow` member with Ory's message 4060006, not an error. */
export const updateRecoveryFlow: MutationResolvers['updateRecoveryFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const code = onlyMethod({ code: input.code });
  return submitCode(
    ctx,
    'recovery',
    { flowId, code, csrfToken: input.csrfToken, transientPayload: input.transientPayload },
    (body) => ctx.ory.recovery.submit(flowId, body),
  );
};
