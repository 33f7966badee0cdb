/**
 * The closed list of error codes of the API contract (§4), and the one table that turns Ory failures into them.
 * Expected flow outcomes (validation messages, expiry, redirects, step-up) are union members, not errors; see
 * src/ory/outcomes.ts.
 */
import { GraphQLError } from 'graphql';
import type { OryError } from './ory/oryError';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CSRF_VIOLATION: 'CSRF_VIOLATION',
  FLOW_EXPIRED: 'FLOW_EXPIRED',
  SESSION_REFRESH_REQUIRED: 'SESSION_REFRESH_REQUIRED',
  AAL2_REQUIRED: 'AAL2_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  OPERATION_NOT_ALLOWED: 'OPERATION_NOT_ALLOWED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Fixed messages: the client learns the category, never internals such as upstream hosts. */
const MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'You must be signed in to do this.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'The requested object does not exist.',
  BAD_USER_INPUT: 'The input is invalid.',
  CSRF_VIOLATION:
    'The request failed the CSRF check: fetch a new flow and send its csrfToken with Ory cookies.',
  FLOW_EXPIRED: 'The flow has expired: start a new one.',
  SESSION_REFRESH_REQUIRED: 'The session is too old for this: sign in again (refresh) and retry.',
  AAL2_REQUIRED: 'A second factor is required: complete it and retry.',
  RATE_LIMITED: 'Too many requests: retry later.',
  UPSTREAM_UNAVAILABLE: 'The identity service is unavailable: retry later.',
  UPSTREAM_TIMEOUT: 'The identity service did not answer in time: retry later.',
  OPERATION_NOT_ALLOWED:
    "Only the operations of this API's own clients may run here: send the document's id from your build's " +
    'manifest (extensions.persistedQuery.sha256Hash or documentId), or its exact text.',
  INTERNAL_SERVER_ERROR: 'Internal server error.',
};

export const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** The contract's error: a code, a message (the fixed one by default) and optional extra extensions. */
export function apiError(
  code: ErrorCode,
  message?: string,
  extensions: Record<string, unknown> = {},
  originalError?: Error,
): GraphQLError {
  return new GraphQLError(message ?? MESSAGES[code], { extensions: { ...extensions, code }, originalError });
}

export function badInput(message: string, field?: string): GraphQLError {
  return apiError(ErrorCode.BAD_USER_INPUT, message, field === undefined ? {} : { field });
}

/** Ory's 403 error ids and the codes they become. */
const FORBIDDEN_IDS: Record<string, ErrorCode> = {
  security_csrf_violation: ErrorCode.CSRF_VIOLATION,
  session_refresh_required: ErrorCode.SESSION_REFRESH_REQUIRED,
  session_aal2_required: ErrorCode.AAL2_REQUIRED,
};

/** The one Ory → GraphQL error table (HTTP status and Ory `error.id` → contract code). */
export function codeForOryError(error: OryError): ErrorCode {
  if (error.kind === 'local') return ErrorCode.INTERNAL_SERVER_ERROR;
  if (error.kind === 'timeout') return ErrorCode.UPSTREAM_TIMEOUT;
  if (error.kind === 'network' || error.kind === 'malformed') return ErrorCode.UPSTREAM_UNAVAILABLE;
  const status = error.status ?? 500;
  // The admin API authenticates the facade itself (its API key), never the caller: a refusal there is a
  // misconfigured server, not something the caller can fix by signing in.
  if (error.api === 'admin' && (status === 401 || status === 403)) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return FORBIDDEN_IDS[error.oryId ?? ''] ?? ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 410) return ErrorCode.FLOW_EXPIRED;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status === 400 || status === 409 || status === 422) return ErrorCode.BAD_USER_INPUT;
  if (status >= 500) return ErrorCode.UPSTREAM_UNAVAILABLE;
  return ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * Turns an OryError into the contract's GraphQL error. `extensions.ory` carries Ory's error id and reason
 * (user-facing texts, never secrets); 5xx and transport failures carry nothing from upstream.
 */
export function fromOryError(error: OryError): GraphQLError {
  const code = codeForOryError(error);
  const extensions: Record<string, unknown> = {};
  const upstreamFault = code === ErrorCode.UPSTREAM_UNAVAILABLE || code === ErrorCode.UPSTREAM_TIMEOUT;
  if (!upstreamFault && (error.oryId !== null || error.reason !== null)) {
    extensions.ory = { id: error.oryId, reason: error.reason };
  }
  if (code === ErrorCode.RATE_LIMITED) extensions.retryAfter = error.retryAfterSeconds ?? 1;
  const redirect = error.bodyString('redirect_browser_to') ?? error.detailString('redirect_browser_to');
  if (redirect !== null) extensions.redirectBrowserTo = redirect;
  // Ory explains what was wrong with the request in words meant for users ("A valid session was detected and
  // thus recovery is not possible."): better than the generic message.
  const message = code === ErrorCode.BAD_USER_INPUT && error.reason !== null ? error.reason : undefined;
  return apiError(code, message, extensions, error);
}
