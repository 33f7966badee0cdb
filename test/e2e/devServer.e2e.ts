/**
 * `npm start`'s program with no configuration, as a newcomer meets the demo: the banner offers the demo page,
 * which signs the demo user in, shows the courier, and signs in with the emulator's built-in social sign-in
 * provider (its callback on the emulator's public URL sets cookies the page on localhost can use).
 *
 * The embedded emulator is the point here, so this runs in the emulator pass of `npm run test:e2e` only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEMO_USER } from '../../emulator';
import { usingExternalOry } from '../harness/oryBackend';
import { useBrowser } from './harness/browser';
import { freePort } from '../harness/freePort';

const ROOT = path.resolve(__dirname, '..', '..');
const emulatorPass = usingExternalOry ? describe.skip : describe;

emulatorPass('the demo page of `npm start` (embedded emulator)', () => {
  const browser = useBrowser();
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  /** Starts the program on fixed free ports (Ory's URLs name them) and returns the demo URL it prints. */
  async function start(): Promise<string> {
    const { NODE_ENV: _nodeEnv, ORY_SDK_URL: _sdkUrl, ...env } = process.env;
    const [port, publicPort, adminPort] = [await freePort(), await freePort(), await freePort()];
    const started = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main.ts'],
      {
        cwd: ROOT,
        env: {
          ...env,
          PORT: String(port),
          EMULATOR_PUBLIC_PORT: String(publicPort),
          EMULATOR_ADMIN_PORT: String(adminPort),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && started.exitCode === null) {
      const url = /Demo app \(development only\): (http:\/\/localhost:\d+\/demo\/)/.exec(output)?.[1];
      if (url !== undefined) return url;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no demo URL in the banner:\n${output}`);
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
