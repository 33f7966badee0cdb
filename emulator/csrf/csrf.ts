/**
 * Kratos' anti-CSRF layer (ory/nosurf wrapped by `x/nosurfx/nosurf.go`):
 * - the middleware runs on every public request: it adds `Vary: Cookie`, takes the token from a
 *   valid CSRF cookie, and on paths that are not ignored (the `/api` inits, the submit endpoints,
 *   `/sessions*`, `/schemas/*`, `/identities*`, health, ...) hands out a fresh cookie when there is
 *   none and answers unsafe methods without a matching token (header or form field) with a 403;
 * - strategies verify the submitted `csrf_token` against the cookie (`flow.EnsureCSRF`) and fail
 *   with `security_csrf_violation`, whose details explain why (`CSRFErrorReason`);
 * - logins, registrations, recovery and logout rotate the token.
 * The request's token lives in a WeakMap keyed by the request, so handlers need no extra state.
 */
import type { IncomingMessage } from 'node:http';
import { HerodotError } from '../http/herodotError';
import { parseCookieHeader, setCookie } from '../http/cookies';
import { CONTENT_TYPE_FORM, mediaType } from '../http/body';
import { header, type RequestContext } from '../http/requestContext';
import { sendError } from '../http/respond';
import {
  CSRF_TOKEN_LENGTH,
  csrfCookieName,
  decodeToken,
  encodeToken,
  maskToken,
  newRealToken,
  verifyToken,
} from './csrfToken';

/** nosurf `MaxAge`: one year. */
const CSRF_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** What Kratos' handlers register with `IgnorePath`/`IgnoreGlob(s)` (`*` is one path segment). */
const IGNORED = [
  '/self-service/login/api',
  '/self-service/registration/api',
  '/self-service/settings/api',
  '/self-service/recovery/api',
  '/self-service/verification/api',
  '/self-service/login',
  '/self-service/registration',
  '/self-service/settings',
  '/self-service/recovery',
  '/self-service/verification',
  '/self-service/logout/api',
  '/self-service/methods/oidc/callback/*',
  // Emulator-only: the built-in OpenID provider's sign-in page (it is not Kratos).
  '/emulator/oidc/*/authorize',
  '/emulator/oidc/*/id-token',
  '/recovery/code',
  '/recovery/link',
  '/sessions',
  '/sessions/*',
  '/sessions/*/extend',
  '/identities/*/sessions',
  '/identities',
  '/identities/*',
  '/identities/*/credentials/*',
  '/admin/identities',
  '/admin/identities/*',
  '/admin/identities/*/credentials/*',
  '/schemas/*',
  '/admin/schemas/*',
  '/courier/messages',
  '/admin/courier/messages',
  // The health and version endpoints answer before nosurf.
  '/health/alive',
  '/health/ready',
  '/version',
].map((glob) => new RegExp(`^${glob.replace(/\*/g, '[^/]*')}$`));

const requestTokens = new WeakMap<IncomingMessage, Buffer>();

export function isCsrfIgnored(path: string): boolean {
  return IGNORED.some((pattern) => pattern.test(path));
}

function cookieName(ctx: RequestContext): string {
  return csrfCookieName(ctx.deps.config.publicBaseUrl);
}

/** The token in the request's CSRF cookie, when it decodes to the right length. */
function cookieToken(ctx: RequestContext): Buffer | undefined {
  const raw = parseCookieHeader(header(ctx, 'cookie')).get(cookieName(ctx));
  const decoded = raw === undefined ? undefined : decodeToken(raw);
  return decoded?.length === CSRF_TOKEN_LENGTH ? decoded : undefined;
}

/** `RegenerateToken`: a new cookie for this response; returns the new token masked for a form. */
export function regenerateCsrfToken(ctx: RequestContext): string {
  const token = newRealToken();
  requestTokens.set(ctx.req, token);
  setCookie(ctx, {
    name: cookieName(ctx),
    value: encodeToken(token),
    path: '/',
    maxAge: CSRF_COOKIE_MAX_AGE,
    httpOnly: true,
    // Dev mode (`--dev`): never `Secure`, hence `SameSite=Lax` (`NosurfBaseCookieHandler`).
    secure: false,
    sameSite: 'Lax',
  });
  return maskToken(token);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** nosurf's `extractToken`: the `X-CSRF-Token` header, else the `csrf_token` form field. */
async function sentToken(ctx: RequestContext): Promise<string> {
  const fromHeader = header(ctx, 'x-csrf-token') ?? '';
  if (fromHeader !== '') return fromHeader;
  if (mediaType(header(ctx, 'content-type')) !== CONTENT_TYPE_FORM) return '';
  try {
    return new URLSearchParams((await ctx.body()).toString('utf8')).get('csrf_token') ?? '';
  } catch {
    return '';
  }
}

/**
 * nosurf's `ServeHTTP` for the public listener, before routing: ignored paths are left alone;
 * elsewhere a missing cookie is handed out and unsafe methods need the token (header or form
 * field), else the answer is Kratos' 403 — unknown paths included. Returns false when it answered.
 */
export async function applyCsrfMiddleware(ctx: RequestContext): Promise<boolean> {
  ctx.res.setHeader('Vary', 'Cookie');
  const existing = cookieToken(ctx);
  if (existing !== undefined) requestTokens.set(ctx.req, existing);
  if (isCsrfIgnored(ctx.path)) return true;
  if (existing === undefined) regenerateCsrfToken(ctx);
  if (SAFE_METHODS.has((ctx.req.method ?? 'GET').toUpperCase())) return true;
  const sent = await sentToken(ctx);
  if (verifyToken(existing, sent)) return true;
  sendError(ctx, csrfViolation(ctx, sent));
  return false;
}

/** `nosurf.Token(r)`: this request's token, freshly masked ('' when the request has none). */
export function csrfTokenFor(ctx: RequestContext): string {
  const token = requestTokens.get(ctx.req) ?? cookieToken(ctx);
  return token === undefined ? '' : maskToken(token);
}

/**
 * `GenerateCSRFToken` for a flow's form: a fresh mask of this request's token for browser flows,
 * '' for API flows (which carry no token).
 */
export function formCsrfToken(ctx: RequestContext, flow: { readonly type: 'api' | 'browser' }): string {
  return flow.type === 'browser' ? csrfTokenFor(ctx) : '';
}

/** `nosurf.VerifyToken(Token(r), sent)`. */
export function csrfTokenValid(ctx: RequestContext, sent: string): boolean {
  return verifyToken(requestTokens.get(ctx.req) ?? cookieToken(ctx), sent);
}

const NO_COOKIE = 'The HTTP Cookie Header is empty or not set.';
const COOKIE_MISSING = 'The HTTP Cookie Header was set but did not include the anti-CSRF cookie.';
const TOKEN_NOT_SENT =
  'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).';
const TOKEN_MISMATCH =
  'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.';
const HINT_AJAX =
  "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded.";
const HINT_SERVER =
  "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";

/**
 * `CSRFErrorReason`: why the check failed. `sentToken` is what the form carried (a JSON body
 * skips the "not sent" case, exactly like Kratos, which cannot read JSON bodies there).
 */
export function csrfViolation(ctx: RequestContext, sentToken: string): HerodotError {
  const mode = header(ctx, 'sec-fetch-mode');
  const hint = mode === 'cors' || mode === 'same-origin' ? HINT_AJAX : HINT_SERVER;
  const docs = 'https://www.ory.sh/kratos/docs/debug/csrf';
  let details: Record<string, unknown>;
  if ((header(ctx, 'cookie') ?? '') === '') {
    details = { docs, hint, reject_reason: NO_COOKIE };
  } else if (!parseCookieHeader(header(ctx, 'cookie')).has(cookieName(ctx))) {
    details = { docs, hint, reject_reason: COOKIE_MISSING };
  } else if (
    !(header(ctx, 'content-type') ?? '').startsWith('application/json') &&
    sentToken + (header(ctx, 'x-csrf-token') ?? '') === ''
  ) {
    details = { docs, hint: TOKEN_NOT_SENT };
  } else {
    details = { docs, hint, reject_reason: TOKEN_MISMATCH };
  }
  return new HerodotError({
    code: 403,
    id: 'security_csrf_violation',
    reason:
      'Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
    message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
    details,
  });
}
