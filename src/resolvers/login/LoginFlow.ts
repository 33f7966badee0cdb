import type { LoginFlowResolvers, LoginSuccessResolvers } from '../../__generated__/resolvers-types';
import { assuranceLevel, flowState } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const LoginFlow: LoginFlowResolvers = {
  ...flowFields,
  state: (flow) => flowState(flow.state),
  refresh: (flow) => flow.refresh ?? false,
  requestedAal: (flow) => assuranceLevel(flow.requested_aal),
  createdAt: (flow) => flow.created_at ?? null,
  updatedAt: (flow) => flow.updated_at ?? null,
};

export const LoginSuccess: LoginSuccessResolvers = {
  continueWith: (success) => continueWithMembers(success.continueWith),
};
