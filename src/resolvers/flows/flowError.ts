import type { FlowErrorResolvers, QueryResolvers } from '../../__generated__/resolvers-types';
import { requireUuid } from '../input';
import { jsonObject, required } from '../json';

export const flowError: QueryResolvers['flowError'] = (_parent, { id }, ctx) =>
  ctx.ory.flowErrors.get(requireUuid(id, 'id'));

export const FlowError: FlowErrorResolvers = {
  error: (container) => required(jsonObject(container.error), 'error'),
  createdAt: (container) => required(container.created_at, 'created_at'),
  updatedAt: (container) => required(container.updated_at, 'updated_at'),
};
