import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { submitCode } from '../flows/codeSubmission';
import { onlyMethod, requireUuid } from '../input';

/** A wrong code is the `VerificationFlow` member with Ory's message 4070006, not an error. */
export const updateVerificationFlow: MutationResolvers['updateVerificationFlow'] = (
  _parent,
  { input },
  ctx,
) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const code = onlyMethod({ code: input.code });
  return submitCode(
    ctx,
    'verification',
    { flowId, code, csrfToken: input.csrfToken, transientPayload: input.transientPayload },
    (body) => ctx.ory.verification.submit(flowId, body),
  );
};
