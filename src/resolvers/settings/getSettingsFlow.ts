import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';

export const settingsFlow: QueryResolvers['settingsFlow'] = (_parent, { id }, ctx) =>
  ctx.ory.settings.get(requireUuid(id, 'id'));
