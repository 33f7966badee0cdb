/**
 * Error masking: only errors the facade raised on purpose (the contract's codes) and Apollo's own request
 * errors reach clients with their message. Anything else (a bug, an unexpected throw) becomes a fixed
 * INTERNAL_SERVER_ERROR; the original is logged under the request id. Stack traces never leave the server.
 */
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, KNOWN_CODES } from '../errors';

/** Apollo Server's codes for malformed requests: their messages describe the client's own request. */
const APOLLO_REQUEST_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function isDeliberate(code: unknown): boolean {
  return (
    typeof code === 'string' &&
    code !== ErrorCode.INTERNAL_SERVER_ERROR &&
    (KNOWN_CODES.has(code) || APOLLO_REQUEST_CODES.has(code))
  );
}

/** graphql-js's token limit names the limit; clients learn only that the document is too large. */
const TOKEN_LIMIT = /Document contains more th(?:at|an) \d+ tokens/;

/** Apollo's `formatError`; the logging plugin has already reported the original error. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  if (isDeliberate(extensions.code)) {
    const message = TOKEN_LIMIT.test(formatted.message)
      ? 'Syntax Error: The document is too large.'
      : formatted.message;
    return { message, locations: formatted.locations, path: formatted.path, extensions };
  }
  return {
    message: 'Internal server error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
