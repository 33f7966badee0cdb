import type { MutationResolvers } from '../../__generated__/resolvers-types';
import type { SettingsMethod } from '../../ory/settings';
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
  return ctx.ory.settings.submit(flowId, {
    ...method,
    csrfToken: input.csrfToken,
    transientPayload: input.transientPayload,
  });
};
