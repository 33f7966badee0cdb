/**
 * Refusals for exceeding a query limit. The message names the limit and its value, and `extensions.limit` gives
 * both to programs: `name` is the configuration variable (stable across releases), `max` its value here.
 */
import { GraphQLError } from 'graphql';

export type LimitName =
  'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_TOKENS' | 'MAX_COST' | 'MAX_PAGE_SIZE';

export interface LimitExtension {
  name: LimitName;
  max: number;
}

/**
 * A validation error: Apollo answers it with HTTP 400 and `GRAPHQL_VALIDATION_FAILED`, keeping the extensions.
 */
export function limitExceeded(name: LimitName, max: number, message: string): GraphQLError {
  const limit: LimitExtension = { name, max };
  return new GraphQLError(message, { extensions: { limit } });
}

/** graphql-js's parser limit (Apollo's `parseOptions.maxTokens`): its message, as graphql-js words it. */
const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;

/** Our message and extension for graphql-js's token-limit error, or `null` for any other message. */
export function tokenLimit(message: string): { message: string; limit: LimitExtension } | null {
  const max = TOKEN_LIMIT.exec(message)?.[1];
  if (max === undefined) return null;
  return {
    message: `The document has more than ${max} tokens (MAX_TOKENS).`,
    limit: { name: 'MAX_TOKENS', max: Number(max) },
  };
}
