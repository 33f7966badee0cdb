import type { LoginFlowResolvers, LoginSuccessResolvers } from '../../__generated__/resolvers-types';
import { assuranceLevel, flowState } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const LoginFlow: LoginFlowResolvers = {
  ...flowFields,
  expiresAt: (flow) => flow.expires_at,
  issuedAt: (flow) => flow.issued_at,
  requestUrl: (flow) => flow.request_url,
  state: (flow) => flowState(flow.state),
  refresh: (flow) => flow.refresh ?? false,
  requestedAal: (flow) => assuranceLevel(flow.requested_aal),
  organizationId: (flow) => flow.organization_id ?? null,
  createdAt: (flow) => flow.created_at ?? null,
  updatedAt: (flow) => flow.updated_at ?? null,
};

export const LoginSuccess: LoginSuccessResolvers = {
  continueWith: (success) => continueWithMembers(success.continueWith),
};
