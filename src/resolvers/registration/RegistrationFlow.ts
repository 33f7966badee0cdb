import type {
  RegistrationFlowResolvers,
  RegistrationSuccessResolvers,
} from '../../__generated__/resolvers-types';
import { flowState } from '../enums';
import { continueWithMembers } from '../flows/continueWith';
import { flowFields } from '../flows/flowFields';

export const RegistrationFlow: RegistrationFlowResolvers = {
  ...flowFields,
  state: (flow) => flowState(flow.state),
};

export const RegistrationSuccess: RegistrationSuccessResolvers = {
  continueWith: (success) => continueWithMembers(success.continueWith),
};
