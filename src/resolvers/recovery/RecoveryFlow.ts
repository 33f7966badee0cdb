import type { RecoveryFlowResolvers } from '../../__generated__/resolvers-types';
import { recoveryFlowState } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const RecoveryFlow: RecoveryFlowResolvers = {
  ...flowFields,
  expiresAt: (flow) => flow.expires_at,
  issuedAt: (flow) => flow.issued_at,
  requestUrl: (flow) => flow.request_url,
  state: (flow) => recoveryFlowState(flow.state),
  continueWith: (flow) => continueWithMembers(flow.continue_with ?? []),
};
