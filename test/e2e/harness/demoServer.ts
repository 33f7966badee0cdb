/**
 * The demo page and the facade over real HTTP, the way a development server puts them together: the demo
 * handler (src/demo) in front of the facade's app. The page is served at http://<host>:4455, the UI origin the
 * test Kratos configuration names (kratos.yml `ui_url`s and return URLs, webauthn.yml's WebAuthn origins), so
 * every file of an e2e run uses that port: jest.e2e.config.js runs the files one at a time.
 *
 * Ory sends browsers to its configured UI paths (`/login?flow=`, `/settings?flow=`, `/error?id=`, `/` after a
 * social sign-in): the app server answers those with a redirect to the demo's route of the same name, as if
 * Ory's `ui_url`s pointed at the demo directly.
 *
 * Cookies: Ory's cookies, relayed by the facade without Domain, belong to the page's host name, whatever the
 * port. So the page, the facade and Ory's public URL (which the browser visits only for social sign-in
 * callbacks) must share the host name: 127.0.0.1 here, since the test Ory instances listen there.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoHandler } from '../../../src/demo/demoHandler';
import { startFacade, type Facade } from '../../harness/facade';
import type { OryBackend } from '../../harness/oryBackend';

/** The port of the test UI origin (kratos.yml: http://127.0.0.1:4455). */
export const APP_PORT = 4455;

export type AppHost = '127.0.0.1' | 'localhost';

export interface DemoServerOptions {
  /** The page's host name (default 127.0.0.1); the server listens on 127.0.0.1 either way. */
  appHost?: AppHost;
  /** Serve the facade on a port of its own, so the page calls another origin (CORS). Default: same origin. */
  separateFacade?: boolean;
  /** More facade configuration (e.g. CORS_ORIGINS). */
  facadeEnv?: Record<string, string>;
  /** Show Ory's courier messages on the page (default true: the backend's admin API is readable in tests). */
  courier?: boolean;
}

export interface DemoServer {
  readonly facade: Facade;
  /** The page's origin, e.g. http://127.0.0.1:4455. */
  readonly appOrigin: string;
  /** Where the facade answers GraphQL (on the page's origin unless `separateFacade`). */
  readonly graphqlUrl: string;
  /** `appOrigin` + path. */
  url(path?: string): string;
  stop(): Promise<void>;
}

/** Ory's UI paths in the test configuration (kratos.yml), and the demo routes they stand for. */
const ORY_UI_PATHS = new Set([
  '/',
  '/login',
  '/registration',
  '/settings',
  '/recovery',
  '/verification',
  '/error',
]);

function redirectOryUiPath(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://app.invalid');
  if (req.method !== 'GET' || !ORY_UI_PATHS.has(url.pathname)) return false;
  res.writeHead(303, { Location: `/demo${url.pathname === '/' ? '/' : url.pathname}${url.search}` });
  res.end();
  return true;
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
): Promise<http.Server> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve();
    });
  });
  return server;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
}

export async function startDemoServer(
  backend: OryBackend,
  options: DemoServerOptions = {},
): Promise<DemoServer> {
  const appOrigin = `http://${options.appHost ?? '127.0.0.1'}:${APP_PORT}`;
  const separate = options.separateFacade === true;
  const facade = await startFacade(backend, options.facadeEnv);
  const servers: http.Server[] = [];
  try {
    let graphqlUrl = `${appOrigin}/graphql`;
    if (separate) {
      const facadeServer = await listen(facade.app, 0);
      servers.push(facadeServer);
      graphqlUrl = `http://127.0.0.1:${(facadeServer.address() as AddressInfo).port}/graphql`;
    }
    const demo = createDemoHandler({
      graphqlUrl: separate ? graphqlUrl : '/graphql',
      ...(options.courier === false ? {} : { courierUrl: backend.adminUrl }),
    });
    servers.push(
      await listen((req, res) => {
        if (demo(req, res) || redirectOryUiPath(req, res)) return;
        if (separate) res.writeHead(404).end();
        else facade.app(req, res);
      }, APP_PORT),
    );
    return {
      facade,
      appOrigin,
      graphqlUrl,
      url: (path = '/demo/') => `${appOrigin}${path}`,
      async stop() {
        await Promise.all(servers.map(close));
        await facade.stop();
      },
    };
  } catch (error) {
    await Promise.all(servers.map(close));
    await facade.stop();
    throw error;
  }
}
