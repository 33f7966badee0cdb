import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { submitGuarded } from '../flows/submission';
import { requireUuid } from '../input';
import { loginSubmission } from './loginMethod';

/**
 * Validation failures and next steps come back as the `LoginFlow` member (with Ory's messages), never as
 * errors. Attempts with a guessable secret are limited per client and identifier before Ory sees them.
 */
export const updateLoginFlow: MutationResolvers['updateLoginFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const submission = loginSubmission(ctx, flowId, input);
  return submitGuarded(ctx, 'login', submission, () => ctx.ory.login.submit(flowId, submission.body));
};
