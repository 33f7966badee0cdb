/**
 * Drives the test OpenID provider (oidcProvider.ts) the way a browser would: plain HTTP with a cookie jar, no
 * JavaScript. Starts at the authorization URL Kratos sends the browser to (`redirect_browser_to`), fills in the
 * provider's login and consent forms, and stops where the provider sends the browser back to Kratos.
 */
import { CookieJar } from './cookieJar';
import type { OidcAccountChoice } from './oidcProvider';

export interface ProviderSignInOptions {
  /** What the user answers on the consent page (default `allow`; `deny` returns error=access_denied to Kratos). */
  consent?: 'allow' | 'deny';
}

/** A redirect chain this long means the provider is looping. */
const MAX_STEPS = 20;

/** One browser request: sends the jar's cookies, keeps what the answer sets, never follows redirects. */
async function request(jar: CookieJar, url: string, form?: URLSearchParams): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'text/html' };
  const cookie = jar.header();
  if (cookie !== '') headers.Cookie = cookie;
  if (form !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, {
    method: form === undefined ? 'GET' : 'POST',
    headers,
    body: form?.toString(),
    redirect: 'manual',
  });
  jar.store(res.headers.getSetCookie());
  return res;
}

/** The action of the page's form whose action ends with `/<step>` (the provider's forms post to /interaction/…). */
function formAction(html: string, step: string, pageUrl: string): string | undefined {
  for (const match of html.matchAll(/<form\b[^>]*\baction="([^"]+)"/g)) {
    const action = (match[1] ?? '').replaceAll('&amp;', '&');
    if (action.endsWith(`/${step}`)) return new URL(action, pageUrl).toString();
  }
  return undefined;
}

/** What the user types or clicks on the login page. */
function loginForm(account: OidcAccountChoice): URLSearchParams {
  if (typeof account === 'string') return new URLSearchParams({ account });
  const email = 'email' in account ? account.email : '';
  const unverified = 'emailVerified' in account && account.emailVerified === false;
  return new URLSearchParams({
    email,
    subject: account.subject ?? '',
    name: account.name ?? '',
    email_verified: unverified ? 'false' : 'true',
  });
}

/**
 * Signs `account` in at the provider, starting at `redirectBrowserToUrl` (the authorization URL in Kratos's 422
 * `redirect_browser_to`, or a 303 `Location`), and returns the URL the provider redirects the browser to next:
 * Kratos's `/self-service/methods/oidc/callback/<provider>?code=…&state=…&iss=…` (or `?error=access_denied…`).
 *
 * It does NOT request that URL: the caller does, with the browser's Kratos cookies (a browser flow's continuity
 * and CSRF cookies), as the browser's next step. `jar` holds the provider's cookies (its session and interaction
 * cookies); pass the browser's own jar to model one browser, and a second sign-in then skips the provider's
 * login and consent pages (the provider remembers both), as a real provider does.
 */
export async function signInAtProvider(
  redirectBrowserToUrl: string,
  account: OidcAccountChoice,
  jar: CookieJar = new CookieJar(),
  options: ProviderSignInOptions = {},
): Promise<string> {
  const provider = new URL(redirectBrowserToUrl).origin;
  let res = await request(jar, redirectBrowserToUrl);
  let url = redirectBrowserToUrl;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location !== null) {
      url = new URL(location, url).toString();
      if (new URL(url).origin !== provider) return url;
      res = await request(jar, url);
      continue;
    }
    const html = await res.text();
    const login = formAction(html, 'login', url);
    const consent = formAction(html, options.consent === 'deny' ? 'abort' : 'confirm', url);
    if (res.status === 200 && login !== undefined) res = await request(jar, login, loginForm(account));
    else if (res.status === 200 && consent !== undefined)
      res = await request(jar, consent, new URLSearchParams());
    else throw new Error(`the OpenID provider answered ${res.status} at ${url}: ${html.slice(0, 500)}`);
  }
  throw new Error(`the OpenID provider redirected more than ${MAX_STEPS} times`);
}
