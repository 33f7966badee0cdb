import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { submitGuarded } from '../flows/submission';
import { requireUuid } from '../input';
import { settingsSubmission } from './settingsMethod';

/**
 * Success is the `SettingsFlow` in state `SUCCESS`; a change outside Ory's privileged window is
 * `SessionRefreshRequired`, one that needs a second factor first `Aal2Required`, linking a provider `FlowRedirect`.
 */
export const updateSettingsFlow: MutationResolvers['updateSettingsFlow'] = async (
  _parent,
  { input },
  ctx,
) => {
  const flowId = requireUuid(input.flowId, 'flowId');
  const submission = settingsSubmission(flowId, input, ctx.traits);
  const outcome = await submitGuarded(ctx, 'settings', submission, () =>
    ctx.ory.settings.submit(flowId, submission.body),
  );
  // Traits, addresses or credentials may have changed: every cached session of the identity shows them.
  if (outcome.__typename === 'SettingsFlow')
    await ctx.sessionsChanged({ identityIds: [outcome.identity.id] });
  return outcome;
};
