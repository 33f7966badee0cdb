import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { addressSubmission } from '../flows/addressMethod';
import { submitGuarded } from '../flows/submission';
import { requireUuid } from '../input';

/** A wrong code is the `VerificationFlow` member with Ory's message 4070006, not an error. */
export const updateVerificationFlow: MutationResolvers['updateVerificationFlow'] = (
  _parent,
  { input },
  ctx,
) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const submission = addressSubmission(flowId, input);
  return submitGuarded(ctx, 'verification', submission, () =>
    ctx.ory.verification.submit(flowId, submission.body),
  );
};
