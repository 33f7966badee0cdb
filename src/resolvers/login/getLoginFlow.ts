import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const loginFlow: QueryResolvers['loginFlow'] = (_parent, { id }, ctx) =>
  ctx.ory.login.get(requireUuid(id, 'id'));
