/**
 * Reads the caller's credentials from request headers. This and the context builder are the only code that
 * looks at request headers (API contract §1).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Session tokens are printable ASCII without spaces; anything else cannot be valid and never goes upstream. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,4096}$/;

export type SessionTokenCredential =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  /** Something was sent but cannot be a token (e.g. control characters): the caller is not signed in. */
  | { kind: 'malformed' };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The bearer credential of an `Authorization` header (scheme matched case-insensitively, as Ory does). */
export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const match = /^bearer +(\S+)\s*$/i.exec(single(headers.authorization) ?? '');
  return match?.[1] ?? null;
}

/**
 * The caller's Ory session token: `X-Session-Token` first, then `Authorization: Bearer`, in Ory's own order.
 */
export function sessionTokenFrom(headers: IncomingHttpHeaders): SessionTokenCredential {
  const explicit = single(headers['x-session-token'])?.trim();
  const candidate = explicit !== undefined && explicit !== '' ? explicit : bearerToken(headers);
  if (candidate === null) return { kind: 'none' };
  return TOKEN_SHAPE.test(candidate) ? { kind: 'token', token: candidate } : { kind: 'malformed' };
}
