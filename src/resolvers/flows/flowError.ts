import type { FlowErrorResolvers, QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';
import { jsonObject } from '../json';

export const flowError: QueryResolvers['flowError'] = (_parent, { id }, ctx) =>
  ctx.ory.flowErrors.get(requireUuid(id, 'id'));

export const FlowError: FlowErrorResolvers = {
  error: (container) => jsonObject(container.error),
  createdAt: (container) => container.created_at ?? null,
  updatedAt: (container) => container.updated_at ?? null,
};
