import type { SettingsFlowResolvers } from '../../__generated__/resolvers-types';
import { settingsFlowState } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const SettingsFlow: SettingsFlowResolvers = {
  ...flowFields,
  expiresAt: (flow) => flow.expires_at,
  issuedAt: (flow) => flow.issued_at,
  requestUrl: (flow) => flow.request_url,
  state: (flow) => settingsFlowState(flow.state),
  continueWith: (flow) => continueWithMembers(flow.continue_with ?? []),
};
