/**
 * The browser's part of a social sign-in, for facade tests against either backend: after the facade answered
 * `FlowRedirect { redirectBrowserTo }`, the browser signs in at the provider (the emulator's built-in test page,
 * or the test OpenID provider in front of real Kratos) and comes back to Ory's callback with its cookies.
 */
import type { CookieJar } from './cookieJar';
import { claimsOf, type OidcAccountChoice } from './oidcProvider';
import { signInAtProvider } from './oidcSignIn';

/** The emulator's built-in provider page (`/emulator/oidc/<provider>/authorize`). */
const EMULATOR_PAGE = /\/emulator\/oidc\/[^/]+\/authorize$/;

/** Posts the account to the emulator's page, as a developer picking it would; returns where it redirects. */
async function signInAtEmulatorPage(authorizeUrl: string, account: OidcAccountChoice): Promise<string> {
  const url = new URL(authorizeUrl);
  const claims = claimsOf(account);
  const form = new URLSearchParams({
    state: url.searchParams.get('state') ?? '',
    redirect_uri: url.searchParams.get('redirect_uri') ?? '',
    subject: claims.sub,
    email: claims.email ?? '',
    name: claims.name ?? '',
    email_verified: claims.email_verified === false ? 'false' : 'true',
    action: 'sign_in',
  });
  const res = await fetch(url.origin + url.pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 303 || location === null) throw new Error(`the provider page answered ${res.status}`);
  return new URL(location, authorizeUrl).toString();
}

/**
 * Signs `account` in at whichever provider `redirectBrowserTo` points to and returns Ory's callback URL (not yet
 * requested). `providerJar` holds the provider's own cookies (the OpenID provider remembers a signed-in user).
 */
export function signInAtAnyProvider(
  redirectBrowserTo: string,
  account: OidcAccountChoice,
  providerJar?: CookieJar,
): Promise<string> {
  return EMULATOR_PAGE.test(new URL(redirectBrowserTo).pathname)
    ? signInAtEmulatorPage(redirectBrowserTo, account)
    : signInAtProvider(redirectBrowserTo, account, providerJar);
}

/**
 * The browser's request to Ory's callback with the cookies it holds for Ory (continuity, CSRF): Ory answers with
 * a redirect (and, on success, its session cookie, kept in `jar`). Returns the status and where Ory redirects.
 */
export async function followCallback(
  callbackUrl: string,
  jar?: CookieJar,
): Promise<{ status: number; location: string | null }> {
  const headers: Record<string, string> = { Accept: 'text/html' };
  const cookie = jar?.header();
  if (cookie !== undefined && cookie !== '') headers.Cookie = cookie;
  const res = await fetch(callbackUrl, { headers, redirect: 'manual' });
  jar?.store(res.headers.getSetCookie());
  return { status: res.status, location: res.headers.get('location') };
}
