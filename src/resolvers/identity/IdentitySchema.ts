import type { IdentitySchemaResolvers } from '../../__generated__/resolvers-types';
import { jsonObject } from '../json';

export const IdentitySchema: IdentitySchemaResolvers = {
  schema: (container) => jsonObject(container.schema) ?? {},
};
