/** Request-derived parts of a flow: the `?flow=` id, `request_url`, `return_to`, API-flow checks. */
import { HerodotError, badRequest } from '../http/herodotError';
import { header, type RequestContext } from '../http/requestContext';
import { isUuid } from '../crypto/tokens';
import { parseCookies } from '../session/sessionLookup';
import { csrfTokenValid, csrfViolation } from '../csrf/csrf';
import { FLOW_ID_MALFORMED } from './flowErrors';
import type { FlowBase } from './flow';

/** `flow.GetFlowID`. */
export function getFlowId(ctx: RequestContext): string {
  const id = ctx.query.get('flow') ?? '';
  if (!isUuid(id)) throw badRequest(FLOW_ID_MALFORMED);
  return id.toLowerCase();
}

/** Scheme from TLS/`X-Forwarded-Proto`, host from `X-Forwarded-Host`/`Host`, original path and query. */
export function requestUrl(ctx: RequestContext): string {
  const proto = header(ctx, 'x-forwarded-proto') ?? 'http';
  const host = header(ctx, 'x-forwarded-host') ?? header(ctx, 'host') ?? '';
  return `${proto}://${host}${ctx.originalPath}${ctx.rawQuery === '' ? '' : `?${ctx.rawQuery}`}`;
}

/** The parts of an allowed return URL that `SecureRedirectTo` compares. */
interface AllowedUrl {
  readonly protocol: string;
  readonly host: string;
  readonly pathname: string;
}

/** `SecureRedirectToIsAllowedHost`: `*.example.com` allows every subdomain. */
function isAllowedHost(target: URL, allowed: AllowedUrl): boolean {
  const host = allowed.host.toLowerCase();
  if (host.startsWith('*')) return target.host.toLowerCase().endsWith(host.slice(1));
  return host === target.host.toLowerCase();
}

/** Go's `url.Parse` keeps a `*.` host; WHATWG URLs refuse it, so parse a stand-in and put it back. */
function parseAllowed(raw: string): AllowedUrl | undefined {
  const wildcard = /^[a-z][a-z0-9+.-]*:\/\/\*\./i.test(raw);
  try {
    const url = new URL(wildcard ? raw.replace('*.', 'wildcard.') : raw);
    return {
      protocol: url.protocol,
      host: wildcard ? url.host.replace(/^wildcard\./, '*.') : url.host,
      pathname: url.pathname,
    };
  } catch {
    return undefined;
  }
}

/**
 * `redir.SecureRedirectTo`: `return_to` must match an allowed URL (`allowed_return_urls`) or
 * `<public base>/self-service` by scheme, host and path prefix. Relative values are resolved
 * against `default_browser_return_url`.
 */
export function validatedReturnTo(ctx: RequestContext): string | undefined {
  const raw = ctx.query.get('return_to');
  if (raw === null || raw === '') return undefined;
  const { config } = ctx.deps;
  let target: URL;
  try {
    target = new URL(raw, config.defaultBrowserReturnUrl);
  } catch {
    throw forbiddenReturnTo(raw);
  }
  const allowed = [...config.allowedReturnUrls, new URL('self-service', config.publicBaseUrl).toString()]
    .map(parseAllowed)
    .filter((url): url is AllowedUrl => url !== undefined);
  const ok = allowed.some(
    (base) =>
      base.protocol.toLowerCase() === target.protocol.toLowerCase() &&
      isAllowedHost(target, base) &&
      (target.pathname || '/').startsWith(base.pathname || '/'),
  );
  if (!ok) throw forbiddenReturnTo(raw);
  return target.toString();
}

function forbiddenReturnTo(raw: string): HerodotError {
  return badRequest(`Requested return_to URL "${raw}" is not allowed.`).with({
    id: 'self_service_flow_return_to_forbidden',
  });
}

/** Cloudflare's own cookies are not sent by the app, so they do not turn an API call into a browser one. */
const CLOUDFLARE_COOKIE = /^(__cf|_cf|cf_)/;

/** `flow.EnsureCSRF` for API flows: no `Origin` header, no (non-Cloudflare) cookies. */
export function ensureApiFlowRequest(ctx: RequestContext): void {
  if ((header(ctx, 'origin') ?? '') !== '') {
    throw badRequest(
      'The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.',
    );
  }
  const cookies = [...parseCookies(header(ctx, 'cookie')).keys()].filter(
    (name) => !CLOUDFLARE_COOKIE.test(name),
  );
  if (cookies.length > 0) {
    throw badRequest(
      'The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.',
    );
  }
}

/**
 * `flow.EnsureCSRF`: API flows must look like API calls; browser flows must send a `csrf_token`
 * that verifies against the CSRF cookie (403 `security_csrf_violation`).
 */
export function ensureCsrf(ctx: RequestContext, flow: FlowBase, sentToken: string): void {
  if (flow.type === 'api') {
    ensureApiFlowRequest(ctx);
    return;
  }
  if (!csrfTokenValid(ctx, sentToken)) throw csrfViolation(ctx, sentToken);
}
