import type { MutationResolvers } from '../../__generated__/resolvers-types';
import type { SettingsMethod } from '../../ory/settings';
import { passwordChangeVerdict } from '../flows/verdicts';
import { onlyMethod, requireUuid } from '../input';

/**
 * Success is the `SettingsFlow` in state `SUCCESS`; a password change outside Ory's privileged window is
 * `SessionRefreshRequired`.
 */
export const updateSettingsFlow: MutationResolvers['updateSettingsFlow'] = (_parent, { input }, ctx) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const method = onlyMethod<SettingsMethod>({
    profile: input.profile && { method: 'profile', traits: input.profile.traits },
    password: input.password && { method: 'password', password: input.password.password },
  });
  const submit = () =>
    ctx.ory.settings.submit(flowId, {
      ...method,
      csrfToken: input.csrfToken,
      transientPayload: input.transientPayload,
    });
  // Password changes are limited like other credential submissions; profile changes are not.
  return method.method === 'password'
    ? ctx.attempts.guard('settings', flowId, submit, passwordChangeVerdict)
    : submit();
};
