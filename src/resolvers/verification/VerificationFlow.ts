import type { VerificationFlowResolvers } from '../../__generated__/resolvers-types';
import { flowFields } from '../flows/flowFields';

export const VerificationFlow: VerificationFlowResolvers = { ...flowFields };
