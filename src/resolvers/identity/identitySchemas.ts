import type { QueryResolvers } from '../../__generated__/resolvers-types';
import { requireSchemaId } from '../input';

export const identitySchemas: QueryResolvers['identitySchemas'] = (_parent, _args, ctx) =>
  ctx.ory.identitySchemas();

export const identitySchema: QueryResolvers['identitySchema'] = (_parent, { id }, ctx) =>
  ctx.ory.identitySchema(requireSchemaId(id, 'id'));
