/**
 * The page and the facade on different origins, as a single-page app on its own dev server would be: the page on
 * http://<host>:4455, the facade on 127.0.0.1 with a port of its own. Same site (only the port differs) with
 * the page's origin in CORS_ORIGINS works; an origin not listed is refused by the browser's CORS check, and the
 * page says why; a page on `localhost` calling a facade on `127.0.0.1` (two sites: the browser keeps none of
 * Ory's cookies) gets the facade's explanation instead of a misleading CSRF message.
 */
import { randomUUID } from 'node:crypto';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';
import { useBrowser } from './harness/browser';
import { DemoPage } from './harness/demoPage';
import { startDemoServer, type DemoServerOptions } from './harness/demoServer';

const browser = useBrowser();
let backend: OryBackend;
beforeAll(async () => {
  backend = await startOryBackend({ profile: 'standard' });
});
afterAll(async () => {
  await backend.close();
});

/** Serves the page with `options` for one test (every file shares the page's port), on a new device. */
async function withDemo(options: DemoServerOptions, run: (demo: DemoPage) => Promise<void>): Promise<void> {
  const server = await startDemoServer(backend, { separateFacade: true, ...options });
  const { context, page } = await browser.newDevice();
  try {
    await run(new DemoPage(page, server));
  } finally {
    await context.close();
    await server.stop();
  }
}

const newEmail = () => `cross-${randomUUID().slice(0, 8)}@example.test`;

describe('the page on another origin than the facade', () => {
  it('signs up and in when its origin is in CORS_ORIGINS, with the session cookie on the shared host', async () => {
    await withDemo({ facadeEnv: { CORS_ORIGINS: 'http://127.0.0.1:4455' } }, async (demo) => {
      expect(new URL(demo.server.graphqlUrl).origin).not.toBe(demo.server.appOrigin);
      const email = newEmail();
      await demo.signUp(email, `Cross-${randomUUID()}`);
      await demo.flow('verification');
      await demo.open('/demo/');
      expect(await (await demo.signedIn()).textContent()).toContain(email);
      const session = (await demo.page.context().cookies()).find(
        (cookie) => cookie.name === 'ory_kratos_session',
      );
      expect(session).toMatchObject({ domain: '127.0.0.1', httpOnly: true });
    });
  });

  it('is refused when its origin is not listed, and the page names CORS_ORIGINS', async () => {
    await withDemo(
      { appHost: 'localhost', facadeEnv: { CORS_ORIGINS: 'http://127.0.0.1:4455' } },
      async (demo) => {
        await demo.open('/demo/registration');
        const notice = demo.page.locator('#status .notice[data-error-code="NETWORK_ERROR"]');
        await notice.waitFor();
        expect(await notice.textContent()).toContain(
          "the facade must list this page's origin (http://localhost:4455) in CORS_ORIGINS",
        );
        expect(await demo.page.locator('section.flow-view').count()).toBe(0);
      },
    );
  });

  it('on localhost calling the facade on 127.0.0.1: the facade says the browser sent no Ory cookies', async () => {
    await withDemo(
      { appHost: 'localhost', facadeEnv: { CORS_ORIGINS: 'http://localhost:4455' } },
      async (demo) => {
        // Creating the flow works (CORS allows it), but Chromium stores none of the cookies of that other site.
        await demo.open('/demo/registration');
        await demo.flow('registration');
        expect(await demo.page.context().cookies()).toEqual([]);
        await demo.fill('traits.email', newEmail());
        await demo.fill('password', `Cross-${randomUUID()}`);
        await demo.press('method', 'password');
        const notice = demo.page.locator('#status .notice[data-error-code="CSRF_VIOLATION"]');
        await notice.waitFor();
        expect(await notice.textContent()).toMatch(/^The browser sent no Ory cookies/);
        expect(await notice.textContent()).toContain('localhost and 127.0.0.1');
      },
    );
  });
});
