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
import { useDemo } from './harness/useDemo';

const env = useDemo('oidc');

describe('social sign-in on the demo page (oidc profile)', () => {
  it('goes to the provider and back, and the session cookie Ory set signs the page in', async () => {
    const demo = await env.newDevice();
    const email = `social-${randomUUID().slice(0, 8)}@example.test`;
    await demo.open('/demo/login');
    await demo.flow('login');
    await demo.press('provider', 'test');

    // The provider's page, on its own origin.
    const provider = demo.page;
    await provider.waitForURL((url) => url.origin !== demo.server.appOrigin);
    await provider.locator('input[name="email"]').last().fill(email);
    await provider.locator('input[name="subject"]').last().fill(`subject-${randomUUID()}`);
    await provider.locator('input[name="name"]').last().fill('Social Sam');
    await provider.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The OpenID provider in front of Kratos asks for consent once; the emulator's page does not.
    const allow = provider.getByRole('button', { name: 'Allow', exact: true });
    const back = provider.waitForURL((url) => url.origin === demo.server.appOrigin, { timeout: 15_000 });
    await Promise.race([back, allow.click().catch(() => undefined)]);
    await back;

    const account = await demo.signedIn();
    expect(await account.textContent()).toContain(email);
    const cookies = await demo.page.context().cookies(demo.server.appOrigin);
    expect(cookies.find((cookie) => cookie.name === 'ory_kratos_session')).toMatchObject({
      domain: '127.0.0.1',
      httpOnly: true,
    });
    expect(await pageVisibleStorage(demo.page)).toMatchObject({ cookie: '', localStorage: 0 });
  });
});
