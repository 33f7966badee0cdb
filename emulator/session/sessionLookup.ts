/**
 * "Who is calling?" (`session/manager_http.go`): the token comes from `X-Session-Token`, else the
 * `ory_kratos_session` cookie, else `Authorization: Bearer`; the session must still be valid.
 */
import { parseCookieHeader } from '../http/cookies';
import { header, type RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { isSessionValid, type Session } from './session';

export const SESSION_COOKIE_NAME = 'ory_kratos_session';

export interface ActiveSession {
  readonly session: Session;
  readonly identity: Identity;
}

export { parseCookieHeader as parseCookies } from '../http/cookies';

/** `bearerTokenFromRequest`: exactly two space-separated parts, scheme compared case-insensitively. */
function bearerToken(ctx: RequestContext): string | undefined {
  const parts = (header(ctx, 'authorization') ?? '').split(' ');
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}

function lookup(ctx: RequestContext): Session | undefined {
  const { store } = ctx.deps;
  const token = header(ctx, 'x-session-token');
  if (token !== undefined && token !== '') return store.findSessionByToken(token);
  const cookie = parseCookieHeader(header(ctx, 'cookie')).get(SESSION_COOKIE_NAME);
  if (cookie !== undefined) {
    const session = store.findSessionByCookieValue(cookie);
    if (session) return session;
  }
  const bearer = bearerToken(ctx);
  return bearer === undefined || bearer === '' ? undefined : store.findSessionByToken(bearer);
}

/** The caller's valid session, or `undefined` (`session.ErrNoActiveSessionFound`). */
export function fetchSession(ctx: RequestContext): ActiveSession | undefined {
  const session = lookup(ctx);
  if (!session) return undefined;
  const identity = ctx.deps.store.getIdentity(session.identityId);
  if (!identity || !isSessionValid(session, identity, ctx.deps.now())) return undefined;
  return { session, identity };
}
