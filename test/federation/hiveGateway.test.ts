/**
 * ory-graphql behind Hive Gateway, set up exactly as docs/federation.md says: the gateway runs the guide's own
 * configuration file (docs/examples/hive-gateway/gateway.config.ts) on a supergraph composed from the committed
 * subgraph SDL, in front of the facade in production mode (HOST=127.0.0.1, ROUTER_SECRET, TRUST_PROXY naming the
 * gateway's address only). Clients connect from loopback addresses of their own, so the gateway sees each as a
 * different client, as it would see real ones.
 *
 * Proves what the guide promises: rate limits count each real client, not the gateway; browsers (Origin) are
 * refused native flows; only the configured apps pass CORS; every Set-Cookie reaches the client as its own header,
 * with Cache-Control: no-store; Ory records the user's own device; identity references are batched, and one the
 * caller may not see is a clean `null`. Runs against the emulator and, in `npm run test:kratos`, against real
 * Kratos (the facade process is pointed at whichever backend startOryBackend gives).
 *
 * Hive Gateway (bench/peer's lock file) and a Node >= 22.15 to run it are installed on first use (about a minute);
 * without a reachable npm registry the suite is skipped, and says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { CookieJar } from '../harness/cookieJar';
import { startFacadeProcess, type FacadeProcess } from '../harness/facadeProcess';
import {
  BROWSER_SIGN_IN,
  SIGN_IN,
  SIGN_UP,
  createIdentities,
  newUser,
  type TestUser,
} from '../harness/fixtures';
import { prepareHiveGateway, startHiveGateway, type HiveGateway } from '../harness/hiveGateway';
import { loopbackClient, type LoopbackClient } from '../harness/loopbackClient';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';
import {
  ROUTER_SECRET,
  composeSupergraph,
  startReviewsSubgraph,
  type Listening,
  type Review,
} from './supergraph';

const ROOT = path.resolve(__dirname, '..', '..');
const RECIPE = path.join(ROOT, 'docs', 'examples', 'hive-gateway', 'gateway.config.ts');
const COMMITTED_SDL = path.join(ROOT, 'schema', '__generated__', 'subgraph.graphql');

/** The browser apps the gateway admits (its CORS_ORIGINS). */
const APP_ORIGINS = ['https://app.example.test', 'https://admin.example.test'];

/** RATE_LIMIT_PER_IP's default (the guide's "20 failed sign-ins"), set so that a new default changes nothing here. */
const PER_IP = 20;

it('docs/federation.md shows the recipe this suite runs, unchanged', () => {
  const guide = readFileSync(path.join(ROOT, 'docs', 'federation.md'), 'utf8');
  expect(guide).toContain(`\`\`\`ts\n${readFileSync(RECIPE, 'utf8')}\`\`\`\n`);
});

const hive = prepareHiveGateway();
if ('unavailable' in hive) {
  process.stderr.write(`hiveGateway.test.ts skipped: ${hive.unavailable}\n`);
}
const describeWithHive = 'unavailable' in hive ? describe.skip : describe;

/** A native sign-up through the gateway: the new session token and identity. */
async function signUpThrough(
  app: LoopbackClient,
  user: TestUser,
): Promise<{ sessionToken: string; identity: { id: string } }> {
  const flow = await app.gql('mutation { createRegistrationFlow { id } }');
  const signedUp = await app.gql(SIGN_UP, {
    flowId: flow.data?.createRegistrationFlow.id,
    password: user.password,
    traits: { email: user.email, name: user.name },
  });
  expect(signedUp.errors).toBeUndefined();
  return signedUp.data?.updateRegistrationFlow;
}

describeWithHive('ory-graphql behind Hive Gateway (docs/examples/hive-gateway)', () => {
  let backend: OryBackend | undefined;
  let facade: FacadeProcess | undefined;
  let reviewsSubgraph: Listening | undefined;
  let gateway: HiveGateway | undefined;
  const clients: LoopbackClient[] = [];
  /** Filled by the entity tests; the reviews subgraph reads it on every request. */
  const reviews: Review[] = [];

  beforeAll(async () => {
    if ('unavailable' in hive) return;
    backend = await startOryBackend();
    const reviewsServer = await startReviewsSubgraph(reviews);
    reviewsSubgraph = reviewsServer;
    const running = await startFacadeProcess(backend, {
      NODE_ENV: 'production',
      ROUTER_SECRET,
      // The gateway connects from 127.0.0.1, and only the gateway is a proxy: the clients' own loopback
      // addresses (127.0.0.2, ...) are not trusted, so what a client writes in X-Forwarded-For is never believed.
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_PER_IP: String(PER_IP),
    });
    facade = running.process;
    const { supergraphSdl } = composeSupergraph([
      {
        name: 'ory',
        url: `${running.url}/graphql`,
        typeDefs: parse(readFileSync(COMMITTED_SDL, 'utf8')),
      },
      reviewsServer,
    ]);
    gateway = await startHiveGateway(hive, {
      config: RECIPE,
      supergraphSdl,
      env: { ORY_GRAPHQL_ROUTER_SECRET: ROUTER_SECRET, CORS_ORIGINS: APP_ORIGINS.join(',') },
    });
  }, 180_000);

  afterAll(async () => {
    // Each may be missing when beforeAll failed part-way.
    for (const client of clients) await client.close();
    await gateway?.stop();
    await facade?.stop();
    await reviewsSubgraph?.close();
    await backend?.close();
  });

  beforeEach(() => {
    backend?.resetCalls();
  });

  function ory(): OryBackend {
    if (backend === undefined) throw new Error('the Ory backend is not running');
    return backend;
  }

  /** A client of the gateway connecting from `address` (127.0.0.x); each test uses addresses of its own. */
  function client(address: string): LoopbackClient {
    if (gateway === undefined) throw new Error('the gateway is not running');
    const created = loopbackClient(gateway.url, address);
    clients.push(created);
    return created;
  }

  it("is configured by a file that type-checks against Hive Gateway's own types", () => {
    const check = gateway?.checkConfigTypes();
    expect(check?.output).toBe('');
    expect(check?.ok).toBe(true);
  });

  describe('client addresses', () => {
    it(`rate-limits each client on its own: ${PER_IP} failed sign-ins of one leave another admitted`, async () => {
      const attacker = client('127.0.0.2');
      const bystander = client('127.0.0.3');
      const signIn = (from: LoopbackClient, flowId: string, headers: Record<string, string> = {}) =>
        from.gql(
          SIGN_IN,
          { flowId, identifier: newUser('Nobody').email, password: 'not-the-password' },
          { headers },
        );
      const outcome = (res: Awaited<ReturnType<typeof signIn>>): unknown =>
        res.errors?.[0]?.extensions?.code ?? res.data?.updateLoginFlow.__typename;

      const flow = await attacker.gql('mutation { createLoginFlow { id } }');
      const flowId: string = flow.data?.createLoginFlow.id;
      for (let i = 0; i < PER_IP; i += 1) expect(outcome(await signIn(attacker, flowId))).toBe('LoginFlow');
      expect(outcome(await signIn(attacker, flowId))).toBe('RATE_LIMITED');
      // Through the gateway, a client's own X-Forwarded-For does not make it someone else.
      expect(outcome(await signIn(attacker, flowId, { 'X-Forwarded-For': '198.51.100.9' }))).toBe(
        'RATE_LIMITED',
      );

      const ownFlow = await bystander.gql('mutation { createLoginFlow { id } }');
      ory().resetCalls();
      expect(outcome(await signIn(bystander, ownFlow.data?.createLoginFlow.id))).toBe('LoginFlow');
      // Ory hears of the bystander under its own address, not the gateway's.
      const submit = ory()
        .calls()
        .find((call) => call.path.startsWith('/self-service/login'));
      expect(submit?.headers['x-forwarded-for']).toBe('127.0.0.3');
    }, 60_000);
  });

  describe('browsers', () => {
    it('refuses native flows to a browser (Origin) in production, before any Ory call', async () => {
      const browser = client('127.0.0.4');
      const refused = await browser.gql(
        'mutation { createLoginFlow { id } }',
        {},
        {
          headers: { Origin: 'https://app.example.test' },
        },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.data).toBeNull();
      expect(ory().calls()).toEqual([]);

      const app = await browser.gql('mutation { createLoginFlow { id } }');
      expect(app.errors).toBeUndefined();
      expect(app.data?.createLoginFlow.id).toEqual(expect.any(String));
    });

    it('lets the configured browser apps read answers with their cookies, and no other origin', async () => {
      const browser = client('127.0.0.4');
      const app = await browser.gql('{ me { id } }', {}, { headers: { Origin: 'https://app.example.test' } });
      expect(app.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
      expect(app.headers.get('access-control-allow-credentials')).toBe('true');
      const other = await browser.gql(
        '{ me { id } }',
        {},
        { headers: { Origin: 'https://elsewhere.example' } },
      );
      expect(other.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
    });

    it("signs a browser in: each Set-Cookie its own header, Cache-Control: no-store, and the user's device on the session", async () => {
      const browser = client('127.0.0.5');
      const someone = newUser('Hive');
      const identityId = (await signUpThrough(browser, someone)).identity.id;

      const jar = new CookieJar();
      const created = await browser.gql(
        'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
        {},
        { jar },
      );
      expect(created.errors).toBeUndefined();
      expect(created.setCookies.some((cookie) => cookie.startsWith('csrf_token_'))).toBe(true);
      expect(created.headers.get('cache-control')).toBe('no-store');

      const login = await browser.gql(
        BROWSER_SIGN_IN,
        {
          id: created.data?.createLoginFlow.id,
          csrf: created.data?.createLoginFlow.csrfToken,
          identifier: someone.email,
          password: someone.password,
        },
        { jar, headers: { 'User-Agent': 'ExampleBrowser/1.0' } },
      );
      expect(login.errors).toBeUndefined();
      expect(login.data?.updateLoginFlow).toEqual({
        __typename: 'LoginSuccess',
        sessionToken: null,
        session: { identity: { id: identityId } },
      });
      // The session cookie and the rotated CSRF cookie: two headers, not one folded line.
      expect(login.setCookies.length).toBeGreaterThanOrEqual(2);
      expect(login.setCookies.some((cookie) => /^(ory_kratos_session|ory_session_\w+)=/.test(cookie))).toBe(
        true,
      );
      expect(login.headers.get('cache-control')).toBe('no-store');

      const me = await browser.gql('{ me { identity { id } devices { userAgent } } }', {}, { jar });
      expect(me.errors).toBeUndefined();
      expect(me.data?.me.identity.id).toBe(identityId);
      expect(me.data?.me.devices).toContainEqual({ userAgent: 'ExampleBrowser/1.0' });
    });
  });

  it("leaves @authenticated to ory-graphql: a signed-in user's mySessions answers, an anonymous one is refused", async () => {
    const someone = newUser('Directive');
    const app = client('127.0.0.7');
    const signedUp = await signUpThrough(app, someone);
    const MY_SESSIONS = '{ mySessions(first: 5) { nodes { id } } }';
    const own = await app.gql(MY_SESSIONS, {}, { token: signedUp.sessionToken });
    expect(own.errors).toBeUndefined();
    expect(own.data?.mySessions.nodes).toEqual(expect.any(Array));
    const anonymous = await app.gql(MY_SESSIONS);
    // ory-graphql's refusal (Hive names the subgraph it relays an error from).
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', serviceName: 'ory' });
  });

  describe('identity references', () => {
    const REVIEWS = '{ reviews { id author { id traits } } }';
    let user: { token: string; identityId: string };
    let others: string[];

    beforeAll(async () => {
      if ('unavailable' in hive) return;
      const someone = newUser('Author');
      const reader = client('127.0.0.6');
      const signedUp = await signUpThrough(reader, someone);
      user = { token: signedUp.sessionToken, identityId: signedUp.identity.id };
      others = await createIdentities(ory(), 3);
      // Six references to four identities, one of them the reader's own.
      const authors = [others[0], user.identityId, others[1], others[0], others[2], user.identityId];
      reviews.push(
        ...authors.map((authorId, i) => ({ id: `r${i}`, body: `review ${i}`, authorId: authorId ?? '' })),
      );
    }, 30_000);

    it("resolves an administrator's six references to four identities with one Ory call", async () => {
      const res = await client('127.0.0.6').gql(REVIEWS, {}, { admin: true });
      expect(res.errors).toBeUndefined();
      expect(res.data?.reviews.map((review: { author: { id: string } }) => review.author.id)).toEqual(
        reviews.map((review) => review.authorId),
      );
      expect(ory().calls()).toEqual([
        expect.objectContaining({
          listener: 'admin',
          method: 'GET',
          path: expect.stringMatching(/identities$/),
        }),
      ]);
    });

    it('answers a clean null, without errors, for identities the caller may not see', async () => {
      const res = await client('127.0.0.6').gql(REVIEWS, {}, { token: user.token });
      expect(res.errors).toBeUndefined();
      expect(
        res.data?.reviews.map((review: { author: { id: string } | null }) => review.author?.id ?? null),
      ).toEqual([null, user.identityId, null, null, null, user.identityId]);
      expect(
        ory()
          .calls()
          .map((call) => `${call.listener} ${call.path}`),
      ).toEqual(['public /sessions/whoami']);
    });

    it('answers a clean null for every reference of an anonymous caller, and says why in extensions', async () => {
      const res = await client('127.0.0.6').gql(REVIEWS);
      expect(res.errors).toBeUndefined();
      expect(res.data?.reviews.map((review: { author: unknown }) => review.author)).toEqual(
        reviews.map(() => null),
      );
      expect(res.extensions?.valueCompletion).toContainEqual({
        message: 'Cannot return null for non-nullable field Identity.traits.',
        path: ['reviews', 0, 'author', 'traits'],
      });
      expect(
        ory()
          .calls()
          .filter((call) => call.listener === 'admin'),
      ).toEqual([]);
    });
  });
});
