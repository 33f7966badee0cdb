/**
 * Starts the facade the way main.ts does (createServer with a validated configuration), pointed at a test
 * backend, and offers `gql()` to send operations over real HTTP with supertest.
 */
import type express from 'express';
import request from 'supertest';
import { loadConfig, withOry } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { createServer, type FacadeServer } from '../../src/server';
import type { OryBackend } from './oryBackend';

export interface GqlOptions {
  /** Sent as `X-Session-Token`. */
  token?: string;
  headers?: Record<string, string>;
}

export interface GqlResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: TData | null | undefined;
  errors: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> | undefined;
}

export interface Facade {
  app: express.Express;
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
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
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
      for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
      const res = await req.send({ query, variables });
      return { status: res.status, headers: res.headers, data: res.body?.data, errors: res.body?.errors };
    },
    stop: () => server.stop(),
  };
}

/** The `extensions.code` of the first error, asserting there is one. */
export function errorCode(response: GqlResponse<unknown>): unknown {
  expect(response.errors).toBeDefined();
  return response.errors?.[0]?.extensions?.code;
}
