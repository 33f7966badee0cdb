import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { addressSubmission } from '../flows/addressMethod';
import { submitGuarded } from '../flows/submission';
import { requireUuid } from '../input';

/** A wrong code is the `RecoveryFlow` member with Ory's message 4060006, not an error. */
export const updateRecoveryFlow: MutationResolvers['updateRecoveryFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const submission = addressSubmission(flowId, input);
  return submitGuarded(ctx, 'recovery', submission, () => ctx.ory.recovery.submit(flowId, submission.body));
};
