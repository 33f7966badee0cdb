/**
 * A real browser for the end-to-end tests: Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`)
 * driven by playwright-core, headless, with a fresh profile per launch (Playwright makes a temporary
 * --user-data-dir and removes it on close). Nothing is ever downloaded: the machine's network is closed, and
 * every background service that would try is switched off.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Screenshots of the runs (git-ignored): look at them to see what the page looked like. */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface TestBrowser {
  readonly browser: Browser;
  /** A new browser profile (its own cookies): one "device". */
  newDevice(): Promise<{ context: BrowserContext; page: Page }>;
}

/** Launches Chromium for the test file (beforeAll) and closes it afterwards (afterAll). */
export function useBrowser(): TestBrowser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const running = (): Browser => {
    if (browser === undefined) throw new Error('the browser is not running (use it inside tests)');
    return browser;
  };
  return {
    get browser() {
      return running();
    },
    async newDevice() {
      const context = await running().newContext();
      return { context, page: await context.newPage() };
    },
  };
}

/**
 * Gives the page a platform authenticator with a user who is always present and verified, through the DevTools
 * protocol (WebAuthn.enable / addVirtualAuthenticator): passkeys are created and used without any prompt.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** Saves a screenshot of the whole page as test/e2e/artifacts/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs in the page: what its own JavaScript can see of credentials (cookies, Web Storage, IndexedDB). */
const STORAGE_PROBE = `(async () => ({
  cookie: document.cookie,
  localStorage: localStorage.length,
  sessionStorage: sessionStorage.length,
  indexedDb: (await indexedDB.databases()).length,
}))()`;

export interface PageVisibleStorage {
  cookie: string;
  localStorage: number;
  sessionStorage: number;
  indexedDb: number;
}

/** What the page's own JavaScript can see of credentials: document.cookie, Web Storage, IndexedDB. */
export async function pageVisibleStorage(page: Page): Promise<PageVisibleStorage> {
  return page.evaluate<PageVisibleStorage>(STORAGE_PROBE);
}
