import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const recoveryFlow: QueryResolvers['recoveryFlow'] = (_parent, { id }, ctx) =>
  ctx.ory.recovery.get(requireUuid(id, 'id'));
