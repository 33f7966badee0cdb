import type {
  RegistrationFlowResolvers,
  RegistrationSuccessResolvers,
} from '../../__generated__/resolvers-types';
import { flowState } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const RegistrationFlow: RegistrationFlowResolvers = {
  ...flowFields,
  expiresAt: (flow) => flow.expires_at,
  issuedAt: (flow) => flow.issued_at,
  requestUrl: (flow) => flow.request_url,
  state: (flow) => flowState(flow.state),
  organizationId: (flow) => flow.organization_id ?? null,
};

export const RegistrationSuccess: RegistrationSuccessResolvers = {
  continueWith: (success) => continueWithMembers(success.continueWith),
};
