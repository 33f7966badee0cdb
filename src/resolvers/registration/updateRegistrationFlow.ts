import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { submitGuarded } from '../flows/submission';
import { requireUuid } from '../input';
import { registrationSubmission } from './registrationMethod';

/** Validation failures, duplicates and next steps come back as the `RegistrationFlow` member, never as errors. */
export const updateRegistrationFlow: MutationResolvers['updateRegistrationFlow'] = (
  _parent,
  { input },
  ctx,
) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const submission = registrationSubmission(flowId, input, ctx.traits);
  return submitGuarded(ctx, 'registration', submission, () =>
    ctx.ory.registration.submit(flowId, submission.body),
  );
};
