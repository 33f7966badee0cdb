/**
 * Reads the caller's credentials from request headers. This and the context builder are the only code that
 * looks at request headers (API contract §1).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sha256 } from '../config';

/** Whatever the configured pattern says, a token is printable ASCII without spaces, and not huge. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]{1,4096}$/;

export type SessionTokenCredential =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  /**
   * Something was sent that is not an Ory session token (a mistyped admin token, `Bearer undefined`, control
   * characters): it never goes upstream, and reading the caller's session refuses it with UNAUTHENTICATED.
   */
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
 * Whether the bearer credential is one of the configured admin tokens. Digests are compared in constant time,
 * and every digest is compared, so timing reveals neither a match nor which token matched.
 */
export function isAdminToken(headers: IncomingHttpHeaders, digests: readonly Buffer[]): boolean {
  const bearer = bearerToken(headers);
  if (bearer === null || digests.length === 0) return false;
  const presented = sha256(bearer);
  let match = false;
  for (const digest of digests) match = timingSafeEqual(presented, digest) || match;
  return match;
}

/**
 * The caller's Ory session token: `X-Session-Token` first, then `Authorization: Bearer` (unless that bearer is an
 * admin token, which never goes to Ory), in Ory's own order. Only a value of the session-token shape (`pattern`,
 * by default Ory's `ory_st_...`) is a token; anything else is `malformed` and is never sent to Ory, so a near
 * miss of an admin token cannot end up in Ory's logs.
 */
export function sessionTokenFrom(
  headers: IncomingHttpHeaders,
  pattern: RegExp,
  bearerIsAdminToken = false,
): SessionTokenCredential {
  const explicit = single(headers['x-session-token'])?.trim();
  const bearer = bearerIsAdminToken ? null : bearerToken(headers);
  const candidate = explicit !== undefined && explicit !== '' ? explicit : bearer;
  if (candidate === null) return { kind: 'none' };
  return TOKEN_CHARACTERS.test(candidate) && pattern.test(candidate)
    ? { kind: 'token', token: candidate }
    : { kind: 'malformed' };
}

/** Ory's cookies: the session cookie (self-hosted and Ory Network names) and the per-URL CSRF cookies. */
function isOryCookie(name: string): boolean {
  return name === 'ory_kratos_session' || name.startsWith('ory_session_') || name.startsWith('csrf_token_');
}

/**
 * The session cookies (`name=value; ...`, CSRF cookies left out) of an Ory `Cookie` header value, or `null` when
 * it holds none.
 */
export function sessionCookiesOf(oryCookies: string): string | null {
  const pairs = oryCookies.split('; ').filter((pair) => !pair.startsWith('csrf_token_'));
  return pairs.length === 0 ? null : `cookies:${pairs.join('; ')}`;
}

/**
 * The caller's Ory session cookie (`name=value`), or `null`: what identifies a browser caller's session, e.g. to
 * count second-factor guesses per session.
 */
export function sessionCookieFrom(headers: IncomingHttpHeaders): string | null {
  const pairs = oryCookiesFrom(headers)?.split('; ') ?? [];
  return pairs.find((pair) => !pair.startsWith('csrf_token_')) ?? null;
}

/**
 * The caller's Ory cookies as a `Cookie` header value, values untouched; every other cookie of the request
 * (the application's own) stays behind. `null` when there are none.
 */
export function oryCookiesFrom(headers: IncomingHttpHeaders): string | null {
  const pairs = (headers.cookie ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => {
      const name = pair.slice(0, pair.indexOf('='));
      return pair.includes('=') && isOryCookie(name) && /^[\x21-\x7e]*$/.test(pair);
    });
  return pairs.length === 0 ? null : pairs.join('; ');
}
