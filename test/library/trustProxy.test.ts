/**
 * Library mode behind a reverse proxy: `createOryGraphQL(config).context(req, res)` inside a team's own Express
 * and Apollo Server resolves the client IP as TRUST_PROXY says, exactly as the standalone server does. Behind a
 * listed proxy, brute-force attempts are charged to the X-Forwarded-For client and Ory records that client on
 * session devices; from a peer that is not listed, a made-up X-Forwarded-For changes nothing. A hop count gets
 * the same start-up warning as standalone. Against the emulator and real Kratos.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import request from 'supertest';
import {
  createLogger,
  createOryGraphQL,
  httpServerOptions,
  loadConfig,
  withOry,
  type Context,
  type Logger,
  type OryGraphQL,
} from '../../src';
import { ADMIN_TOKEN } from '../harness/facade';
import { SIGN_IN, newUser } from '../harness/fixtures';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';

/** Sign-in attempts one client may make a minute here: small, so the test reaches it. */
const PER_IP = 3;
const LOOPBACK = /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/;

interface LibraryApp {
  url: string;
  ory: OryGraphQL;
  close(): Promise<void>;
}

/** A team's own server: Express, its own Apollo Server from `apolloOptions`, the context and the middleware. */
async function startLibraryApp(
  backend: OryBackend,
  trustProxy: string,
  logger: Logger = createLogger('silent'),
): Promise<LibraryApp> {
  const config = withOry(
    loadConfig({
      ORY_SDK_URL: backend.publicUrl,
      ORY_ADMIN_URL: backend.adminUrl,
      ...(backend.apiKey === null ? {} : { ORY_API_KEY: backend.apiKey }),
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ADMIN_TOKENS: ADMIN_TOKEN,
      TRUST_PROXY: trustProxy,
      RATE_LIMIT_PER_IP: String(PER_IP),
      RATE_LIMIT_PER_IDENTIFIER: '1000',
      RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: '1000',
    }),
    { publicUrl: backend.publicUrl, adminUrl: backend.adminUrl },
  );
  const ory = await createOryGraphQL(config, { logger, tracing: null });
  const apollo = new ApolloServer<Context>(ory.apolloOptions(ory.buildSchema()));
  await apollo.start();
  // No `trust proxy` on the Express app: what decides the client here is TRUST_PROXY alone.
  const app = express();
  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, { context: ({ req, res }) => Promise.resolve(ory.context(req, res)) }),
  );
  app.get('/notes', ory.sessions.requireSession(), (req, res) => {
    res.json({ owner: req.orySession?.identity?.id });
  });
  // The app's own code asks for the client the same way (e.g. for limits of its own).
  app.get('/client', (req, res) => {
    res.json({ ip: ory.clientAddress(req) });
  });
  const server: Server = createHttpServer(httpServerOptions(config), app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ory,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
      await ory.close();
    },
  };
}

let backend: OryBackend;

beforeAll(async () => {
  backend = await startOryBackend();
});

afterAll(async () => {
  await backend.close();
});

interface GqlBody {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are untyped JSON, asserted field by field
  data?: Record<string, any>;
  errors?: Array<{ extensions?: Record<string, unknown> }>;
}

/** One operation, with the headers a proxy (or a client pretending to be one) would add. */
async function gql(
  app: LibraryApp,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlBody> {
  const res = await request(app.url)
    .post('/graphql')
    .set('Content-Type', 'application/json')
    .set(headers)
    .send({ query, variables });
  return res.body as GqlBody;
}

const SIGN_UP = /* GraphQL */ `
  mutation ($flowId: ID!, $password: String!, $traits: JSONObject!) {
    updateRegistrationFlow(input: { flowId: $flowId, password: { password: $password, traits: $traits } }) {
      __typename
      ... on RegistrationSuccess {
        sessionToken
        session {
          devices {
            ipAddress
          }
        }
      }
    }
  }
`;

/** Signs a new user up; returns the session token and the device Ory recorded on the new session. */
async function signUpFrom(
  app: LibraryApp,
  headers: Record<string, string>,
): Promise<{ token: string; device: { ipAddress: string | null } | undefined }> {
  const user = newUser('Proxied');
  const flow = await gql(app, 'mutation { createRegistrationFlow { id } }', {}, headers);
  const res = await gql(
    app,
    SIGN_UP,
    {
      flowId: flow.data?.createRegistrationFlow.id,
      password: user.password,
      traits: { email: user.email, name: user.name },
    },
    headers,
  );
  expect(res.errors).toBeUndefined();
  const success = res.data?.updateRegistrationFlow;
  expect(success?.__typename).toBe('RegistrationSuccess');
  return { token: success.sessionToken, device: success.session.devices[0] };
}

/** A failed sign-in (an unknown email, so no identifier limit is involved): its outcome, or error code. */
async function failedSignIn(app: LibraryApp, forwardedFor: string): Promise<unknown> {
  const headers = { 'X-Forwarded-For': forwardedFor };
  const flow = await gql(app, 'mutation { createLoginFlow { id } }', {}, headers);
  const res = await gql(
    app,
    SIGN_IN,
    {
      flowId: flow.data?.createLoginFlow.id,
      identifier: newUser('Nobody').email,
      password: 'wrong-password',
    },
    headers,
  );
  return res.errors?.[0]?.extensions?.code ?? res.data?.updateLoginFlow.__typename;
}

describe('behind a listed proxy (TRUST_PROXY=loopback, the test connects from loopback)', () => {
  let app: LibraryApp;

  beforeAll(async () => {
    app = await startLibraryApp(backend, 'loopback');
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives the X-Forwarded-For client to Ory, which records it on the session device', async () => {
    backend.resetCalls();
    const { device } = await signUpFrom(app, { 'X-Forwarded-For': '198.51.100.31' });
    expect(device?.ipAddress).toBe('198.51.100.31');
    const forwarded = backend.calls().map((call) => call.headers['x-forwarded-for']);
    expect(forwarded.length).toBeGreaterThan(0);
    expect(new Set(forwarded)).toEqual(new Set(['198.51.100.31']));
  });

  it('charges sign-in attempts to the X-Forwarded-For client, not to the proxy', async () => {
    for (let i = 0; i < PER_IP; i += 1) expect(await failedSignIn(app, '198.51.100.41')).toBe('LoginFlow');
    expect(await failedSignIn(app, '198.51.100.41')).toBe('RATE_LIMITED');
    // Another client behind the same proxy has its own count.
    expect(await failedSignIn(app, '198.51.100.42')).toBe('LoginFlow');
  });

  it('resolves the client the same way for the session middleware and for your own code', async () => {
    const { token } = await signUpFrom(app, {});
    backend.resetCalls();
    const notes = await request(app.url)
      .get('/notes')
      .set({ 'X-Session-Token': token, 'X-Forwarded-For': '198.51.100.51' });
    expect(notes.status).toBe(200);
    const whoami = backend.calls().filter((call) => call.path === '/sessions/whoami');
    expect(whoami.map((call) => call.headers['x-forwarded-for'])).toEqual(['198.51.100.51']);
    const client = await request(app.url).get('/client').set('X-Forwarded-For', '198.51.100.52');
    expect(client.body).toEqual({ ip: '198.51.100.52' });
  });
});

describe('from a peer that is not a listed proxy (TRUST_PROXY=10.0.0.0/8)', () => {
  let app: LibraryApp;

  beforeAll(async () => {
    app = await startLibraryApp(backend, '10.0.0.0/8');
  });

  afterAll(async () => {
    await app.close();
  });

  it('ignores a spoofed X-Forwarded-For: Ory records the TCP peer on the session device', async () => {
    backend.resetCalls();
    const { device } = await signUpFrom(app, { 'X-Forwarded-For': '203.0.113.7, 10.1.2.3' });
    expect(device?.ipAddress).toMatch(LOOPBACK);
    expect(JSON.stringify(backend.calls().map((call) => call.headers))).not.toMatch(/203\.0\.113\.7/);
    const client = await request(app.url).get('/client').set('X-Forwarded-For', '203.0.113.8');
    expect(client.body.ip).toMatch(LOOPBACK);
  });

  it('charges every attempt to the TCP peer, whatever X-Forwarded-For it makes up', async () => {
    for (let i = 0; i < PER_IP; i += 1)
      expect(await failedSignIn(app, `203.0.113.${20 + i}`)).toBe('LoginFlow');
    expect(await failedSignIn(app, '203.0.113.99')).toBe('RATE_LIMITED');
  });
});

describe('with TRUST_PROXY as a hop count', () => {
  it('warns at start, in library mode as standalone, that a direct client can choose its address', async () => {
    const lines: string[] = [];
    const app = await startLibraryApp(
      backend,
      '1',
      createLogger('warn', { write: (line: string) => void lines.push(line) }),
    );
    await app.close();
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(warnings).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringMatching(/^TRUST_PROXY is a hop count \(1\)/) }),
    );
  });
});
