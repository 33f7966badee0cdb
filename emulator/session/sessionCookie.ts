/**
 * The `ory_kratos_session` cookie (`session/manager_http.go` `IssueCookie`/`PurgeFromRequest`),
 * as Kratos writes it in `--dev` mode: `Path=/`, `HttpOnly`, `SameSite=Lax`, no `Secure`, and
 * (`session.cookie.persistent`) an expiry equal to the session's. The value is opaque; the
 * emulator maps it to the session instead of encrypting the token into it.
 */
import { randomBytes } from 'node:crypto';
import { regenerateCsrfToken } from '../csrf/csrf';
import { setCookie } from '../http/cookies';
import type { RequestContext } from '../http/requestContext';
import type { Session } from './session';
import { fetchSession, SESSION_COOKIE_NAME } from './sessionLookup';

/**
 * Sets the session cookie. Like `IssueCookie`, the CSRF token is rotated when the request came
 * without a session or with one of another identity (a login, not a refresh), which is what makes
 * browser flows created before the login fail afterwards.
 */
export function issueSessionCookie(ctx: RequestContext, session: Session): void {
  const previous = fetchSession(ctx);
  if (previous?.identity.id !== session.identityId) regenerateCsrfToken(ctx);
  session.cookieValue ??= randomBytes(48).toString('base64url');
  const now = ctx.deps.now();
  setCookie(ctx, {
    name: SESSION_COOKIE_NAME,
    value: session.cookieValue,
    path: '/',
    expires: session.expiresAt,
    maxAge: Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000),
    httpOnly: true,
    secure: false,
    sameSite: 'Lax',
  });
}

/** Deletes the session cookie (`Max-Age=0` and an expiry in 1970). */
export function clearSessionCookie(ctx: RequestContext): void {
  setCookie(ctx, {
    name: SESSION_COOKIE_NAME,
    value: '',
    path: '/',
    expires: new Date(1000),
    maxAge: 0,
    httpOnly: true,
    secure: false,
    sameSite: 'Lax',
  });
}
