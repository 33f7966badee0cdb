import type { RecoveryFlowResolvers } from '../../__generated__/resolvers-types';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const RecoveryFlow: RecoveryFlowResolvers = {
  ...flowFields,
  continueWith: (flow) => continueWithMembers(flow.continue_with ?? []),
};
