/**
 * The demo page in Chromium, against the emulator and real Kratos (the `methods` profile: passwords, one-time
 * codes, TOTP and backup codes, recovery and verification by code): sign-up, verification with the code the page
 * shows from Ory's courier, `me`, sign-out, sign-in with each first factor, and what the browser keeps: Ory's
 * cookies HttpOnly, nothing the page's JavaScript could read.
 */
import { randomUUID } from 'node:crypto';
import { pageVisibleStorage, saveScreenshot } from './harness/browser';
import type { DemoPage } from './harness/demoPage';
import { useDemo } from './harness/useDemo';

const env = useDemo('methods');

const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;
const newPassword = () => `Demo-${randomUUID()}`;

/** A new account, signed in on a new device, and that device. */
async function signedUpDevice(name: string): Promise<{ demo: DemoPage; email: string; password: string }> {
  const demo = await env.newDevice();
  const email = newEmail(name);
  const password = newPassword();
  await demo.signUp(email, password);
  await demo.flow('verification');
  return { demo, email, password };
}

describe('signing up and in on the demo page (methods profile)', () => {
  it('signs up with a password, verifies the address with the code from the courier panel, and shows me', async () => {
    const demo = await env.newDevice();
    const email = newEmail('sign-up');
    // Ory starts a verification flow and mails a code: the page shows that flow, and the code.
    const code = await demo.courierCode('verification_code_valid', async () => {
      await demo.signUp(email, newPassword());
      await demo.flow('verification');
    });
    await demo.fill('code', code);
    await demo.press('method', 'code');
    await demo.flow('verification', 'PASSED_CHALLENGE');

    await demo.open('/demo/');
    const account = await demo.signedIn();
    expect(await account.textContent()).toContain(`${email} (verified)`);
    expect(await account.locator('.session--current').count()).toBe(1);
    await saveScreenshot(demo.page, `signed-in-${env.backend.kind === 'emulator' ? 'emulator' : 'kratos'}`);
  });

  it('keeps the session in an HttpOnly cookie: no token, cookie or storage the page could read', async () => {
    const { demo } = await signedUpDevice('cookies');
    await demo.open('/demo/');
    await demo.signedIn();
    const cookies = await demo.page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'ory_kratos_session');
    // Relayed by the facade without Domain: a host-only cookie of the page's host.
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: '127.0.0.1', path: '/' });
    expect(cookies.filter((cookie) => !cookie.httpOnly).map((cookie) => cookie.name)).toEqual([]);
    expect(await pageVisibleStorage(demo.page)).toEqual({
      cookie: '',
      localStorage: 0,
      sessionStorage: 0,
      indexedDb: 0,
    });
    expect(await demo.page.content()).not.toMatch(/ory_st_|ory_kratos_session/);
  });

  it('signs out, and signs in again with the password', async () => {
    const { demo, email, password } = await signedUpDevice('password');
    await demo.signOut();
    expect(await demo.page.context().cookies()).not.toContainEqual(
      expect.objectContaining({ name: 'ory_kratos_session' }),
    );
    await demo.signIn(email, password);
    const account = await demo.signedIn();
    expect(await account.textContent()).toContain(email);
    expect(await demo.notice().textContent()).toBe('You are signed in.');
  });

  it('changes the profile in settings, and shows the new traits', async () => {
    const { demo } = await signedUpDevice('profile');
    await demo.open('/demo/settings');
    await demo.flow('settings');
    await demo.fill('traits.name.first', 'Ada');
    await demo.fill('traits.name.last', 'Lovelace');
    await demo.press('method', 'profile');
    await demo.flow('settings', 'SUCCESS');
    await demo.open('/demo/');
    const traits = (await demo.signedIn()).locator('pre.traits');
    expect(JSON.parse((await traits.textContent()) ?? '{}')).toMatchObject({
      name: { first: 'Ada', last: 'Lovelace' },
    });
  });

  it('shows Ory’s message for a wrong password, by its message id', async () => {
    const { demo, email } = await signedUpDevice('wrong');
    await demo.signOut();
    await demo.signIn(email, 'not-the-password-1');
    const login = await demo.flow('login');
    await login.locator('[data-message-id="4000006"]').waitFor();
  });

  it('signs in with a one-time code from the courier panel', async () => {
    const { demo, email } = await signedUpDevice('code-in');
    await demo.signOut();
    await demo.open('/demo/login');
    await demo.flow('login');
    await demo.fill('identifier', email);
    const code = await demo.courierCode('login_code_valid', async () => {
      await demo.press('method', 'code');
      await demo.flow('login', 'SENT_EMAIL');
    });
    await demo.fill('code', code);
    await demo.press('method', 'code');
    expect(await (await demo.signedIn()).textContent()).toContain(email);
  });

  it('signs up with a one-time code instead of a password', async () => {
    const demo = await env.newDevice();
    const email = newEmail('code-up');
    await demo.open('/demo/registration');
    await demo.flow('registration');
    await demo.fill('traits.email', email);
    const code = await demo.courierCode('registration_code_valid', async () => {
      await demo.press('method', 'code');
      await demo.flow('registration', 'SENT_EMAIL');
    });
    await demo.fill('code', code);
    await demo.press('method', 'code');
    // The code proved the address, so Ory asks for no verification: the page goes home, signed in.
    await demo.notice().filter({ hasText: 'Your account was created.' }).waitFor();
    expect(await (await demo.signedIn()).textContent()).toContain(`${email} (verified)`);
  });

  it('recovers the account with a code, and sets a new password in the settings it lands on', async () => {
    const { demo, email } = await signedUpDevice('recover');
    await demo.signOut();
    await demo.open('/demo/recovery');
    await demo.flow('recovery');
    await demo.fill('email', email);
    const code = await demo.courierCode('recovery_code_valid', async () => {
      await demo.press('method', 'code');
      await demo.flow('recovery', 'SENT_EMAIL');
    });
    await demo.fill('code', code);
    await demo.press('method', 'code');
    await demo.flow('settings');
    expect(await demo.notice().textContent()).toBe('You are signed in again: set a new password.');
    const password = newPassword();
    await demo.fill('password', password);
    await demo.press('method', 'password');
    await demo.flow('settings', 'SUCCESS');

    await demo.signOut();
    await demo.signIn(email, password);
    await demo.signedIn();
  });
});
