import type {
  RegistrationFlowResolvers,
  RegistrationSuccessResolvers,
} from '../../__generated__/resolvers-types';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const RegistrationFlow: RegistrationFlowResolvers = {
  ...flowFields,
  organizationId: (flow) => flow.organization_id ?? null,
  sessionTokenExchangeCode: (flow) => flow.session_token_exchange_code ?? null,
};

export const RegistrationSuccess: RegistrationSuccessResolvers = {
  continueWith: (success) => continueWithMembers(success.continueWith),
};
