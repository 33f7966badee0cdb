/**
 * `Set-Cookie` headers written like Go's `http.Cookie.String()` (attribute order `Path`, `Domain`,
 * `Expires`, `Max-Age`, `HttpOnly`, `Secure`, `SameSite`). Every cookie is its own header line, and a
 * cookie set twice in one response keeps only the last value (Kratos may rotate the CSRF cookie
 * that its middleware set moments earlier).
 */
import type { RequestContext } from './requestContext';

export interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly expires?: Date;
  /** Seconds; `0` deletes the cookie (Go writes `Max-Age=0` for a negative `MaxAge`). */
  readonly maxAge?: number;
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite?: 'Lax' | 'Strict' | 'None';
}

/** Go's `http.TimeFormat` (`Mon, 02 Jan 2006 15:04:05 GMT`). */
function httpDate(date: Date): string {
  return date.toUTCString();
}

export function serializeCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${cookie.value}`, `Path=${cookie.path}`];
  if (cookie.expires !== undefined) parts.push(`Expires=${httpDate(cookie.expires)}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${Math.max(cookie.maxAge, 0)}`);
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.secure) parts.push('Secure');
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}

function currentSetCookies(ctx: RequestContext): string[] {
  const existing = ctx.res.getHeader('Set-Cookie');
  if (existing === undefined) return [];
  return Array.isArray(existing) ? existing : [String(existing)];
}

export function setCookie(ctx: RequestContext, cookie: Cookie): void {
  const others = currentSetCookies(ctx).filter((line) => !line.startsWith(`${cookie.name}=`));
  ctx.res.setHeader('Set-Cookie', [...others, serializeCookie(cookie)]);
}

/** The request's cookies by name (first occurrence wins, like Go's `r.Cookie`). */
export function parseCookieHeader(cookieHeader: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}
