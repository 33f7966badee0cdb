import type { LoginFlowResolvers, LoginSuccessResolvers } from '../../__generated__/resolvers-types';
import { assuranceLevel } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';
import { required } from '../json';

export const LoginFlow: LoginFlowResolvers = {
  ...flowFields,
  refresh: (flow) => flow.refresh ?? false,
  requestedAal: (flow) => assuranceLevel(flow.requested_aal),
  organizationId: (flow) => flow.organization_id ?? null,
  sessionTokenExchangeCode: (flow) => flow.session_token_exchange_code ?? null,
  createdAt: (flow) => required(flow.created_at, 'created_at'),
  updatedAt: (flow) => required(flow.updated_at, 'updated_at'),
};

export const LoginSuccess: LoginSuccessResolvers = {
  continueWith: (success) => continueWithMembers(success.continueWith),
};
