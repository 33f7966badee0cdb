/**
 * Relays Ory's `Set-Cookie` headers to the GraphQL HTTP response, one header per cookie (Apollo's header map
 * keeps one value per name, so this writes to the Node response directly). `Domain` is removed, or rewritten to
 * the configured cookie domain, so the browser stores Ory's cookies for the facade's host — what Ory's own
 * proxy helpers do. Responses that set cookies must not be cached.
 */
import type { ServerResponse } from 'node:http';
import type { CookieSink } from '../ory/caller';

/** Drops any `Domain` attribute and, when configured, adds ours; every other attribute stays as Ory wrote it. */
export function rewriteCookieDomain(setCookie: string, cookieDomain: string | null): string {
  const parts = setCookie.split(';').map((part) => part.trim());
  const kept = parts.filter((part, index) => index === 0 || !/^domain\s*=/i.test(part));
  if (cookieDomain !== null) kept.push(`Domain=${cookieDomain}`);
  return kept.join('; ');
}

export function createCookieRelay(res: ServerResponse, cookieDomain: string | null): CookieSink {
  return {
    relay(setCookies) {
      if (setCookies.length === 0 || res.headersSent) return;
      for (const cookie of setCookies)
        res.appendHeader('Set-Cookie', rewriteCookieDomain(cookie, cookieDomain));
      res.setHeader('Cache-Control', 'no-store');
    },
  };
}
