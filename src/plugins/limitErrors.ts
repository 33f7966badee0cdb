/**
 * Refusals for exceeding a query limit. The message names the limit and its value, and `extensions.limit` gives
 * both to programs: `name` is the configuration variable (stable across releases), `max` its value here. Every
 * limit answers with one code, the contract's `BAD_USER_INPUT`, whichever stage of Apollo's pipeline caught it
 * (parsing, validation, the demand analysis or execution), so clients match one code and read `limit.name`.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors';

export type LimitName =
  'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_TOKENS' | 'MAX_COST' | 'MAX_PAGE_SIZE';

export interface LimitExtension {
  name: LimitName;
  max: number;
}

/**
 * A validation error: Apollo answers it with HTTP 400 and stamps `GRAPHQL_VALIDATION_FAILED` over any code it
 * carries, keeping the other extensions; `limitRefusal` puts the contract's code back when formatting.
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

function isLimitExtension(value: unknown): value is LimitExtension {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    typeof value.name === 'string' &&
    'max' in value &&
    typeof value.max === 'number'
  );
}

/**
 * A formatted error as a limit refusal (`BAD_USER_INPUT` with `extensions.limit`), or `null` when it is not one.
 * Apollo gives parse and validation errors its own codes (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`)
 * whatever they carried: here every limit gets the same code back, and graphql-js's token-limit message (which
 * names no variable) is replaced by ours.
 */
export function limitRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const extensions = formatted.extensions ?? {};
  const tokens = tokenLimit(formatted.message);
  if (tokens !== null) {
    return {
      message: tokens.message,
      extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, limit: tokens.limit },
    };
  }
  if (!isLimitExtension(extensions.limit)) return null;
  return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT } };
}
