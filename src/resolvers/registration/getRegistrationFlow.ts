import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const registrationFlow: QueryResolvers['registrationFlow'] = (_parent, { id }, ctx) =>
  ctx.ory.registration.get(requireUuid(id, 'id'));
