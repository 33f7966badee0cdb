/**
 * The Apollo Client cache configuration the README's "Client setup" recommends, used as-is by the Apollo Client
 * test, so the documented setup is the tested one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InMemoryCache, type TypePolicies } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

export const typePolicies: TypePolicies = {
  // Ory's message ids are not object ids (every trait label is 1070002): never key a text by the deprecated
  // `UiText.id`, even when a document selects it. UI containers, nodes and attributes have no `id` and stay
  // inside their flow, replaced whole with it.
  UiText: { keyFields: false },
  // Connections merge their pages for "load more" (select `edges { cursor node }`); the filters name a separate
  // list, the page arguments do not.
  Query: {
    fields: {
      mySessions: relayStylePagination(),
      sessions: relayStylePagination(['active']),
      identities: relayStylePagination(['filter']),
      courierMessages: relayStylePagination(['status', 'recipient']),
    },
  },
  Identity: { fields: { sessions: relayStylePagination(['active']) } },
};

/** The `possibleTypes` generated with the schema (`npm run codegen`): fragments on unions and interfaces need them. */
export const { possibleTypes } = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'schema', '__generated__', 'possible-types.json'), 'utf8'),
) as { possibleTypes: Record<string, string[]> };

export function createCache(): InMemoryCache {
  return new InMemoryCache({ possibleTypes, typePolicies });
}
