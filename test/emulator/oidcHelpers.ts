/**
 * Helpers for the social sign-in tests: playing the built-in provider's page as a browser, and
 * starting a social sign-in from a browser flow the way an SPA does (JSON submit → 422 → page).
 */
import type { Emulator } from '../../emulator';
import { Browser, csrfOf } from './browser';

/** What the developer picks or types on the provider page. */
export interface ProviderAccount {
  subject?: string;
  email?: string;
  name?: string;
  email_verified?: string;
  action?: string;
}

/** The public path of an emulator URL, for supertest. */
export function pathOf(emulator: Emulator, url: string): string {
  return url.replace(emulator.publicUrl, '');
}

/** Opens the provider page and posts the account; returns the callback URL it redirects to. */
export async function chooseAccount(
  emulator: Emulator,
  browser: Browser,
  authorizeUrl: string,
  account: ProviderAccount,
): Promise<string> {
  const page = await browser.get(pathOf(emulator, authorizeUrl), { Accept: 'text/html' });
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  const url = new URL(authorizeUrl);
  const res = await browser.post(
    pathOf(emulator, url.origin + url.pathname),
    {
      state: url.searchParams.get('state'),
      redirect_uri: url.searchParams.get('redirect_uri'),
      email_verified: 'true',
      ...account,
    },
    { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
  );
  expect(res.status).toBe(303);
  return String(res.headers.location);
}

/**
 * A browser signs in with `provider` from a new login or registration flow and comes back to the
 * callback (as a page load); returns the callback's answer.
 */
export async function socialSignIn(
  emulator: Emulator,
  browser: Browser,
  kind: 'login' | 'registration',
  provider: string,
  account: ProviderAccount,
): Promise<{ status: number; location: string }> {
  const flow = await browser.createFlow(kind);
  const start = await browser.post(`/self-service/${kind}?flow=${flow.id}`, {
    method: 'oidc',
    provider,
    csrf_token: csrfOf(flow),
  });
  expect(start.status).toBe(422);
  const callback = await chooseAccount(emulator, browser, start.body.redirect_browser_to, account);
  const res = await browser.get(pathOf(emulator, callback), { Accept: 'text/html' });
  return { status: res.status, location: String(res.headers.location) };
}
