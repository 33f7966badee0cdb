/**
 * Optional admin API authentication, mimicking Ory Network (`adminApiKey` option): admin routes
 * then require `Authorization: Bearer <key>`. Self-hosted Kratos has no such check, so it is off
 * by default. Health, version, the emulator's own endpoints and the redirects to the public API
 * stay open.
 */
import { timingSafeEqual } from 'node:crypto';
import { unauthorized, type HerodotError } from '../http/herodotError';
import { header, type Handler, type RequestContext } from '../http/requestContext';
import { Router } from '../http/router';

/** Route patterns of the admin API proper (after the `/admin` prefix). */
const PROTECTED = /^\/admin\/(identities|sessions|recovery|courier)(\/|$)/;
/** Admin-listener routes that Kratos only redirects to the public API. */
const PUBLIC_REDIRECTS: readonly string[] = ['GET /admin/sessions/whoami', 'DELETE /admin/sessions'];

function presentedKey(ctx: RequestContext): string | undefined {
  const parts = (header(ctx, 'authorization') ?? '').split(' ');
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}

function keyMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The 401 Ory Network answers without a valid API key. Its exact wording is not documented; this
 * one is a herodot 401 with a descriptive reason.
 */
export function missingAdminKey(): HerodotError {
  return unauthorized('The request could not be authorized because the Ory API key is missing or invalid.');
}

function guarded(handler: Handler): Handler {
  return async (ctx) => {
    const expected = ctx.deps.config.adminApiKey;
    if (expected !== undefined && !keyMatches(presentedKey(ctx), expected)) throw missingAdminKey();
    await handler(ctx);
  };
}

/** The admin router: every admin API route is wrapped in the API key check when registered. */
export class AdminRouter extends Router {
  override add(method: string, pattern: string, handler: Handler): this {
    const protect =
      PROTECTED.test(pattern) && !PUBLIC_REDIRECTS.includes(`${method.toUpperCase()} ${pattern}`);
    return super.add(method, pattern, protect ? guarded(handler) : handler);
  }
}
