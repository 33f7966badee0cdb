import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const verificationFlow: QueryResolvers['verificationFlow'] = (_parent, { id }, ctx) =>
  ctx.ory.verification.get(requireUuid(id, 'id'));
