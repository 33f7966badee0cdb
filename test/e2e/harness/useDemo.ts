/**
 * Per test file: an Ory backend of a profile (the emulator, or the matching real Kratos under
 * `npm run test:kratos`), the demo page and the facade in front of it, and Chromium.
 */
import type { ProfileName } from '../../kratos/profiles';
import { startOryBackend, type OryBackend } from '../../harness/oryBackend';
import { useBrowser, type TestBrowser } from './browser';
import { DemoPage } from './demoPage';
import { startDemoServer, type DemoServer, type DemoServerOptions } from './demoServer';

export interface DemoEnvironment {
  readonly backend: OryBackend;
  readonly server: DemoServer;
  readonly browser: TestBrowser;
  /** A new browser profile (a "device") with the demo page object. */
  newDevice(): Promise<DemoPage>;
}

export function useDemo(profile: ProfileName, options: DemoServerOptions = {}): DemoEnvironment {
  const browser = useBrowser();
  let backend: OryBackend | undefined;
  let server: DemoServer | undefined;
  beforeAll(async () => {
    backend = await startOryBackend({ profile });
    server = await startDemoServer(backend, options);
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.close();
  });
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo is not running (use it inside tests)');
    return value;
  };
  return {
    get backend() {
      return running(backend);
    },
    get server() {
      return running(server);
    },
    browser,
    async newDevice() {
      const { page } = await browser.newDevice();
      return new DemoPage(page, running(server));
    },
  };
}
