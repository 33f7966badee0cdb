import type { SettingsFlowResolvers } from '../../__generated__/resolvers-types';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const SettingsFlow: SettingsFlowResolvers = {
  ...flowFields,
  continueWith: (flow) => continueWithMembers(flow.continue_with ?? []),
};
