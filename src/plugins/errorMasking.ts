/**
 * Error masking: only errors the facade raised on purpose (the contract's codes) and Apollo's own request
 * errors reach clients with their message. Anything else (a bug, an unexpected throw) becomes a fixed
 * INTERNAL_SERVER_ERROR; the original is logged under the request id. Stack traces never leave the server; the
 * request id is added to every error by the request log plugin (it needs the context, which this has not).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, KNOWN_CODES } from '../errors';
import { limitRefusal } from './limitErrors';

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

/** graphql-js's message for a variable that failed coercion: it prints the value, which may be a password. */
const INVALID_VARIABLE = /^Variable "(\$[_A-Za-z][_0-9A-Za-z]*)" got invalid value /;

/**
 * The reason of a coercion failure without the value it quotes: scalars end their messages with `: <value>`,
 * enums say `Value "<value>" does not exist`.
 */
function reasonWithoutValue(reason: string): string {
  const cut = reason.replace(/^Value "(?:[^"\\]|\\.)*"/, 'The value').replace(/: [\s\S]*$/, '');
  return /[.!?]$/.test(cut) ? cut : `${cut}.`;
}

/**
 * An error message fit for logs and clients: a variable's value never appears in it (graphql-js puts the whole
 * value into coercion messages). `original` is the error behind the message, when known.
 */
export function withoutValues(message: string, original?: unknown): string {
  const variable = INVALID_VARIABLE.exec(message)?.[1];
  if (variable === undefined) return message;
  const cause = original instanceof GraphQLError ? original.originalError : undefined;
  const reason = cause instanceof Error ? ` ${reasonWithoutValue(cause.message)}` : '';
  return `Variable "${variable}" got an invalid value.${reason}`;
}

/** Apollo's `formatError`; the logging plugin has already reported the original error. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  if (isDeliberate(extensions.code)) {
    const refusal = limitRefusal({ ...formatted, extensions });
    if (refusal !== null) return refusal;
    return {
      message: withoutValues(formatted.message, error),
      locations: formatted.locations,
      path: formatted.path,
      extensions,
    };
  }
  return {
    message: 'Internal server error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
