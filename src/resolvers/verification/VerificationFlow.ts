import type { VerificationFlowResolvers } from '../../__generated__/resolvers-types';
import { flowState } from '../enums';
import { flowFields } from '../flows/flowFields';

export const VerificationFlow: VerificationFlowResolvers = {
  ...flowFields,
  state: (flow) => flowState(flow.state),
};
