/**
 * Second factors and sessions on the demo page (the `methods` profile), against the emulator and real Kratos:
 * TOTP set up in settings (secret and QR code shown), backup codes created and confirmed, then a sign-in that
 * Ory steps up to aal2 with TOTP on one device and with a backup code on another; the second device sees its
 * own session marked and revokes the first, which is then signed out.
 */
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { DemoPage } from './harness/demoPage';
import { useDemo } from './harness/useDemo';

const env = useDemo('methods');

/** The current TOTP code for the secret the settings page shows. */
function totpCode(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
}

/** Signs in with the password and completes the second factor Ory then asks for with `secondFactor`. */
async function signInWithSecondFactor(
  demo: DemoPage,
  email: string,
  password: string,
  secondFactor: () => Promise<void>,
): Promise<void> {
  await demo.signIn(email, password);
  // `me` needs aal2 now (Kratos: session.whoami.required_aal highest_available): the page asks for it.
  await demo.page.waitForURL(/\/demo\/login\?(.*&)?(aal=aal2|flow=)/);
  await demo.page
    .locator('form.flow input[name="totp_code"], form.flow input[name="lookup_secret"]')
    .first()
    .waitFor();
  await secondFactor();
  const account = await demo.signedIn();
  expect(await account.textContent()).toContain('assurance level AAL2');
}

describe('second factors and sessions on the demo page (methods profile)', () => {
  it('sets up TOTP and backup codes, steps sign-ins up with each, and revokes another device', async () => {
    const first = await env.newDevice();
    const email = `mfa-${randomUUID().slice(0, 8)}@example.test`;
    const password = `Mfa-${randomUUID()}`;
    await first.signUp(email, password);
    await first.flow('verification');

    // TOTP: the page shows the secret (and the QR code as a data: image, which its CSP allows).
    await first.open('/demo/settings');
    const settings = await first.flow('settings');
    const secret = (await settings.locator('#totp_secret_key code').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await settings.locator('img#totp_qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await first.fill('totp_code', totpCode(secret));
    await first.press('method', 'totp');
    await first.flow('settings', 'SUCCESS');

    // Backup codes: created, shown, confirmed.
    await first.press('lookup_secret_regenerate');
    const codes = first.page.locator('#lookup_secret_codes li code');
    await codes.first().waitFor();
    const backupCode = (await codes.first().textContent()) ?? '';
    expect(await codes.count()).toBeGreaterThanOrEqual(10);
    await first.press('lookup_secret_confirm');
    await first.flow('settings', 'SUCCESS');

    await first.signOut();
    await signInWithSecondFactor(first, email, password, async () => {
      await first.fill('totp_code', totpCode(secret));
      await first.press('method', 'totp');
    });

    const second = await env.newDevice();
    await signInWithSecondFactor(second, email, password, async () => {
      await second.fill('lookup_secret', backupCode);
      await second.press('method', 'lookup_secret');
    });
    const sessions = second.page.locator('[data-signed-in="true"] .session');
    expect(await sessions.count()).toBe(2);
    expect(await second.page.locator('.session--current').textContent()).toContain('This device');
    const other = second.page.locator('.session:not(.session--current)');
    expect(await other.textContent()).toContain('Another device');
    await other.getByRole('button', { name: 'Revoke' }).click();
    await second.notice().filter({ hasText: 'The session was revoked.' }).waitFor();
    // The notice comes first, the home view (sessions read again) right after it.
    await other.waitFor({ state: 'detached' });
    expect(await second.page.locator('[data-signed-in="true"] .session').count()).toBe(1);

    await first.open('/demo/');
    await first.signedOut();
  });
});
