/**
 * Social sign-in in Chromium (the `oidc` profile): the page asks for a sign-in with the provider `test`, the
 * browser leaves for the provider (the emulator's built-in test page, or the local OpenID provider in front of
 * real Kratos), signs in there, comes back through Ory's callback and lands on the page signed in.
 *
 * The cookie setup this needs (README "Browser apps"): Ory's callback sets the session cookie for Ory's public
 * host, while the facade relays Ory's cookies for the page's host. Both are 127.0.0.1 here (ports do not matter
 * to cookies), so the cookie the callback sets is the one the page's GraphQL calls carry.
 */
import { randomUUID } from 'node:crypto';
import { pageVisibleStorage } from './harness/browser';
import type { DemoPage } from './harness/demoPage';
import { useDemo } from './harness/useDemo';

const env = useDemo('oidc');

/** On the provider's page (its own origin): signs in as `email`, and waits until the browser is back. */
async function signInAtProvider(demo: DemoPage, email: string): Promise<void> {
  const page = demo.page;
  await page.waitForURL((url) => url.origin !== demo.server.appOrigin);
  await page.locator('input[name="email"]').last().fill(email);
  await page.locator('input[name="subject"]').last().fill(`subject-${randomUUID()}`);
  await page.locator('input[name="name"]').last().fill('Social Sam');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The OpenID provider in front of Kratos asks for consent once; the emulator's page does not.
  const back = page.waitForURL((url) => url.origin === demo.server.appOrigin);
  const allow = page.getByRole('button', { name: 'Allow', exact: true });
  await Promise.race([back, allow.click().catch(() => undefined)]);
  await back;
}

describe('social sign-in on the demo page (oidc profile)', () => {
  it('goes to the provider and back, and the session cookie Ory set signs the page in', async () => {
    const demo = await env.newDevice();
    const email = `social-${randomUUID().slice(0, 8)}@example.test`;
    await demo.open('/demo/login');
    await demo.flow('login');
    await demo.press('provider', 'test');
    await signInAtProvider(demo, email);

    const account = await demo.signedIn();
    expect(await account.textContent()).toContain(email);
    const cookies = await demo.page.context().cookies(demo.server.appOrigin);
    expect(cookies.find((cookie) => cookie.name === 'ory_kratos_session')).toMatchObject({
      domain: '127.0.0.1',
      httpOnly: true,
    });
    expect(await pageVisibleStorage(demo.page)).toMatchObject({ cookie: '', localStorage: 0 });
  });

  it('links the provider to a password account in settings, and lists it as linked', async () => {
    const demo = await env.newDevice();
    const email = `link-${randomUUID().slice(0, 8)}@example.test`;
    await demo.signUp(email, `Link-${randomUUID()}`);
    await demo.flow('verification');
    await demo.open('/demo/settings');
    await demo.flow('settings');
    await demo.press('link', 'test');
    await signInAtProvider(demo, `provider-${email}`);

    await demo.open('/demo/settings');
    const settings = await demo.flow('settings');
    await settings.locator('button[name="unlink"][value="test"]').waitFor();
    expect(await settings.locator('button[name="link"][value="test"]').count()).toBe(0);
  });
});
