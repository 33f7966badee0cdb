/**
 * `npm start`'s program with no configuration, as a newcomer meets the demo: the banner offers the demo page,
 * which signs the demo user in, shows the courier, and signs in with the emulator's built-in social sign-in
 * provider (its callback on the emulator's public URL sets cookies the page on localhost can use).
 *
 * The embedded emulator is the point here, so this runs in the emulator pass of `npm run test:e2e` only.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_USER } from '../../emulator';
import { usingExternalOry } from '../harness/oryBackend';
import { useBrowser } from './harness/browser';
import { freePort } from '../harness/freePort';
import { spawnFacade, type FacadeProcess } from '../harness/facadeProcess';

const emulatorPass = usingExternalOry ? describe.skip : describe;

emulatorPass('the demo page of `npm start` (embedded emulator)', () => {
  const browser = useBrowser();
  let facade: FacadeProcess | undefined;

  afterAll(async () => {
    await facade?.stop();
  });

  /** Starts the program on fixed free ports (Ory's URLs name them) and returns the demo URL it prints. */
  async function start(): Promise<string> {
    const { NODE_ENV: _nodeEnv, ORY_SDK_URL: _sdkUrl, ...env } = process.env;
    const [port, publicPort, adminPort] = [await freePort(), await freePort(), await freePort()];
    facade = spawnFacade({
      ...env,
      PORT: String(port),
      EMULATOR_PUBLIC_PORT: String(publicPort),
      EMULATOR_ADMIN_PORT: String(adminPort),
      LOG_LEVEL: 'warn',
    });
    const banner = await facade.waitFor(/Demo app \(development only\): (http:\/\/localhost:\d+\/demo\/)/);
    return banner[1] ?? '';
  }

  it('offers the page, which signs the demo user in and out, and signs in with the built-in provider', async () => {
    const demoUrl = await start();
    expect(demoUrl).toMatch(/^http:\/\/localhost:\d+\/demo\/$/);
    const { page } = await browser.newDevice();
    page.setDefaultTimeout(15_000);

    await page.goto(`${demoUrl}login`);
    await page.locator('form.flow input[name="identifier"]').fill(DEMO_USER.email);
    await page.locator('form.flow input[name="password"]').fill(DEMO_USER.password);
    await page.locator('form.flow button[name="method"][value="password"]').click();
    const account = page.locator('[data-signed-in="true"]');
    await account.waitFor();
    expect(await account.textContent()).toContain(DEMO_USER.email);
    // With the emulator, the page shows Ory's courier messages for the signed-in address.
    await page.locator('#courier').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.locator('[data-signed-in="false"]').waitFor();

    const email = `dev-social-${randomUUID().slice(0, 8)}@example.test`;
    await page.goto(`${demoUrl}login`);
    await page.locator('form.flow button[name="provider"][value="test"]').click();
    await page.waitForURL((url) => !url.href.startsWith(demoUrl));
    await page.locator('input[name="email"]').last().fill(email);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(demoUrl));
    await account.waitFor();
    expect(await account.textContent()).toContain(email);
  });
});
