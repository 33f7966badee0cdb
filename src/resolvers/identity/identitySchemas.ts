import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireSchemaId } from '../input';

export const identitySchemas: QueryResolvers['identitySchemas'] = (_parent, _args, ctx) =>
  ctx.ory.schemas.list();

export const identitySchema: QueryResolvers['identitySchema'] = (_parent, { id }, ctx) =>
  ctx.ory.schemas.get(requireSchemaId(id, 'id'));
