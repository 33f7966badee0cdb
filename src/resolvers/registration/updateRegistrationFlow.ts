import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { registrationVerdict } from '../flows/verdicts';
import { onlyMethod, requireUuid } from '../input';

/** Validation failures and duplicates come back as the `RegistrationFlow` member, never as errors. */
export const updateRegistrationFlow: MutationResolvers['updateRegistrationFlow'] = (
  _parent,
  { input },
  ctx,
) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const password = onlyMethod({ password: input.password });
  const email = password.traits.email;
  return ctx.attempts.guard(
    'registration',
    typeof email === 'string' ? email : flowId,
    () =>
      ctx.ory.registration.submit(flowId, {
        password: password.password,
        traits: password.traits,
        csrfToken: input.csrfToken,
        transientPayload: input.transientPayload,
      }),
    registrationVerdict,
  );
};
