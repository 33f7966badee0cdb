/**
 * Passkeys in Chromium with its virtual authenticator (DevTools protocol WebAuthn.enable /
 * addVirtualAuthenticator): register a passkey in settings, sign out, sign in with it.
 *
 * Against real Kratos only: the emulator does not implement WebAuthn (README "Emulator"), so this file is
 * skipped in the emulator run. The `passkeysLocalhost` profile makes `localhost` the relying party, since
 * browsers refuse WebAuthn on IP addresses; the page is therefore served at http://localhost:4455.
 */
import { randomUUID } from 'node:crypto';
import { usingExternalOry } from '../harness/oryBackend';
import { addVirtualAuthenticator } from './harness/browser';
import { useDemo } from './harness/useDemo';

const kratosOnly = usingExternalOry ? describe : describe.skip;

kratosOnly('passkeys on the demo page (real Kratos: the emulator has no WebAuthn)', () => {
  const env = useDemo('passkeysLocalhost', { appHost: 'localhost' });

  it('registers a passkey in settings, signs out, and signs in with it', async () => {
    const demo = await env.newDevice();
    await addVirtualAuthenticator(demo.page.context(), demo.page);
    const email = `passkey-${randomUUID().slice(0, 8)}@example.test`;
    await demo.signUp(email, `Passkey-${randomUUID()}`);
    await demo.flow('verification');

    await demo.open('/demo/settings');
    await demo.flow('settings');
    await demo.page.locator('form.flow button[data-trigger="oryPasskeySettingsRegistration"]').click();
    const settings = await demo.flow('settings', 'SUCCESS');
    // The new passkey is listed with a button to remove it.
    expect(await settings.locator('button[name="passkey_remove"]').count()).toBe(1);

    await demo.signOut();
    await demo.open('/demo/login');
    await demo.flow('login');
    await demo.page.locator('form.flow button[data-trigger="oryPasskeyLogin"]').click();
    const account = await demo.signedIn();
    expect(await account.textContent()).toContain(email);
    expect(await account.locator('.session--current').textContent()).toContain('passkey');
  });
});
