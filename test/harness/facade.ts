/**
 * Starts the facade the way main.ts does (createServer with a validated configuration), pointed at a test
 * backend, and offers `gql()` to send operations over real HTTP with supertest.
 */
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { loadConfig, withOry } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { createServer, type FacadeServer } from '../../src/server';
import { setCookiesOf, type CookieJar } from './cookieJar';
import type { OryBackend } from './oryBackend';

/** The admin token test facades accept (configured through ADMIN_TOKENS, as in production). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export interface GqlOptions {
  /** Sent as `X-Session-Token`. */
  token?: string;
  /** Sends `Authorization: Bearer <ADMIN_TOKEN>`. */
  admin?: boolean;
  /** A browser's cookie jar: its cookies are sent, and the response's `Set-Cookie` headers stored in it. */
  jar?: CookieJar;
  headers?: Record<string, string>;
}

export interface GqlResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: TData | null | undefined;
  errors: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> | undefined;
  /** The raw `Set-Cookie` headers, one entry per header. */
  setCookies: string[];
  /** The raw body, to search for things that must never appear (tokens, secrets). */
  text: string;
}

export interface Facade {
  app: RequestListener;
  server: FacadeServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are untyped JSON, asserted field by field
  gql<TData = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GqlResponse<TData>>;
  stop(): Promise<void>;
}

export async function startFacade(
  backend: Pick<OryBackend, 'publicUrl' | 'adminUrl' | 'apiKey'>,
  env: Record<string, string> = {},
  logger: Logger = createLogger('silent'),
): Promise<Facade> {
  const config = loadConfig({
    // The backend's URLs, so production-mode configurations validate like real ones.
    ORY_SDK_URL: backend.publicUrl,
    ORY_ADMIN_URL: backend.adminUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ADMIN_TOKENS: ADMIN_TOKEN,
    // Suites sign many users in from one address; the brute-force tests set their own limits.
    RATE_LIMIT_PER_IP: '100000',
    RATE_LIMIT_PER_IDENTIFIER: '1000',
    RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: '1000',
    ...env,
  });
  const server = await createServer(
    withOry(config, { publicUrl: backend.publicUrl, adminUrl: backend.adminUrl }),
    { logger },
  );
  const app = server.app;
  return {
    app,
    server,
    async gql(query, variables, options = {}) {
      let req = request(app).post('/graphql').set('Content-Type', 'application/json');
      if (options.token !== undefined) req = req.set('X-Session-Token', options.token);
      if (options.admin === true) req = req.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      const cookie = options.jar?.header();
      if (cookie !== undefined && cookie !== '') req = req.set('Cookie', cookie);
      for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
      const res = await req.send({ query, variables });
      const setCookies = setCookiesOf(res.headers);
      options.jar?.store(setCookies);
      return {
        status: res.status,
        headers: res.headers,
        data: res.body?.data,
        errors: res.body?.errors,
        setCookies,
        text: res.text,
      };
    },
    stop: () => server.stop(),
  };
}

/** The `extensions.code` of the first error, asserting there is one. */
export function errorCode(response: GqlResponse<unknown>): unknown {
  expect(response.errors).toBeDefined();
  return response.errors?.[0]?.extensions?.code;
}

export interface TestEnvironment {
  readonly backend: OryBackend;
  readonly facade: Facade;
}

/**
 * Starts a backend and a facade for the current test file (beforeAll) and stops them afterwards (afterAll).
 * Returns getters, so tests read `env.facade` / `env.backend` once they are running.
 */
export function useFacade(
  start: () => Promise<OryBackend>,
  env: Record<string, string> = {},
  logger?: Logger,
): TestEnvironment {
  let backend: OryBackend | undefined;
  let facade: Facade | undefined;
  beforeAll(async () => {
    backend = await start();
    facade = await startFacade(backend, env, logger);
  });
  afterAll(async () => {
    await facade?.stop();
    await backend?.close();
  });
  return {
    get backend() {
      if (backend === undefined) throw new Error('the test backend is not running (use it inside tests)');
      return backend;
    },
    get facade() {
      if (facade === undefined) throw new Error('the test facade is not running (use it inside tests)');
      return facade;
    },
  };
}
