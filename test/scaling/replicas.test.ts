/**
 * Replicas sharing a real Redis (REDIS_URL): two facade processes, as two replicas behind a load balancer.
 * - The brute-force limits hold across both: failures on one replica count on the other.
 * - The session cache (SESSION_CACHE_TTL) saves Ory calls, and what one replica invalidates (a logout, an
 *   administrator's revocation or identity change) the other stops serving at once.
 * - Redis killed mid-test leaves both serving: RATE_LIMIT_FAIL_MODE=open counts locally meanwhile, `closed`
 *   refuses attempts with UPSTREAM_UNAVAILABLE, the cache steps aside, and everything resumes when Redis is back.
 * - With SESSION_CACHE_STORE=redis the replicas share one cache: what one asked Ory for, the other serves
 *   without an Ory call, and a revocation through either is seen by both as soon as the mutation has answered.
 * Needs `redis-server` (Debian's package: `apt-get install redis-server`; .ci/run installs it).
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { ADMIN_TOKEN, useFacade } from '../harness/facade';
import { startFacadeProcess, type FacadeProcess } from '../harness/facadeProcess';
import { SIGN_IN, newUser, signIn, signUp, type TestUser } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';
import { callsOf, whoamiCalls } from '../harness/upstreamCalls';
import { redisServerBinary, startRedis, type RedisServer } from '../harness/redisServer';

const binary = redisServerBinary();
if (binary === null) {
  // Said loudly: CI installs redis-server, so a skip here means a machine without it.
  console.warn('replicas.test.ts skipped: no redis-server on this machine (apt-get install redis-server)');
}
const describeWithRedis = binary === null ? describe.skip : describe;

const PER_IDENTIFIER = 3;

interface Replica {
  name: string;
  url: string;
  process: FacadeProcess;
}

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON, asserted field by field
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

const env = useFacade(() => startOryBackend());
let redis: RedisServer;
const replicas: Replica[] = [];

async function startReplica(name: string, variables: Record<string, string> = {}): Promise<Replica> {
  const running = await startFacadeProcess(env.backend, {
    METRICS: 'true',
    REDIS_URL: redis.url,
    SESSION_CACHE_TTL: '60',
    RATE_LIMIT_PER_IP: '100000',
    RATE_LIMIT_PER_IDENTIFIER: String(PER_IDENTIFIER),
    RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: '1000',
    ...variables,
  });
  const replica = { name, ...running };
  replicas.push(replica);
  return replica;
}

async function gql(
  replica: Replica,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const ME = 'query Me { me { id identity { id traits } } }';

async function signInAttempt(replica: Replica, user: TestUser, password: string): Promise<string> {
  const flow = await gql(replica, 'mutation { createLoginFlow { id } }');
  const flowId = (flow.body.data as { createLoginFlow: { id: string } }).createLoginFlow.id;
  const res = await gql(replica, SIGN_IN, { flowId, identifier: user.email, password });
  const error = res.body.errors?.[0]?.extensions?.code;
  return typeof error === 'string' ? error : String(res.body.data?.updateLoginFlow.__typename);
}

/** Polls until `check` holds (pub/sub delivery is asynchronous, if quick); fails after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function metric(replica: Replica, name: string): Promise<string> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .join('\n');
}

describeWithRedis('two replicas sharing Redis', () => {
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    redis = await startRedis(binary ?? 'redis-server');
    [a, b] = await Promise.all([startReplica('A'), startReplica('B')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.process.stop()));
    await redis.stop();
  });

  it(`holds the per-identifier limit across replicas: ${PER_IDENTIFIER} failures in all, then a refusal on either`, async () => {
    const user = newUser('Replicated');
    await signUp(env.facade, user);
    // Alternating replicas: each alone has seen fewer than the limit.
    expect(await signInAttempt(a, user, 'wrong-1')).toBe('LoginFlow');
    expect(await signInAttempt(b, user, 'wrong-2')).toBe('LoginFlow');
    expect(await signInAttempt(a, user, 'wrong-3')).toBe('LoginFlow');
    const calls = await callsOf(env.backend, async () => {
      expect(await signInAttempt(b, user, user.password)).toBe('RATE_LIMITED');
    });
    // The flow was created; the refused submission never reached Ory.
    expect(
      calls.filter((call) => call.method === 'POST' && call.path.startsWith('/self-service/login')),
    ).toEqual([]);
    expect(await signInAttempt(a, user, user.password)).toBe('RATE_LIMITED');
  });

  it('serves me from the cache: one Ory call per replica, then none', async () => {
    const { token, identityId } = await signUp(env.facade, newUser('Cached'));
    const headers = { 'x-session-token': token };
    for (const replica of [a, b]) {
      const first = await callsOf(env.backend, async () => {
        const res = await gql(replica, ME, {}, headers);
        expect(res.body.data?.me.identity.id).toBe(identityId);
      });
      expect(whoamiCalls(first)).toBe(1);
      const again = await callsOf(env.backend, async () => {
        const res = await gql(replica, ME, {}, headers);
        expect(res.body.data?.me.identity.id).toBe(identityId);
      });
      expect(again).toEqual([]);
    }
    expect(await metric(a, 'ory_graphql_session_cache_lookups_total{result="hit"}')).toMatch(/ [1-9]\d*$/);
  });

  it('a logout on one replica ends the session on the other at once', async () => {
    const user = newUser('LogoutEverywhere');
    const { token } = await signUp(env.facade, user);
    const headers = { 'x-session-token': token };
    expect((await gql(b, ME, {}, headers)).body.data?.me).not.toBeNull();
    expect((await gql(b, ME, {}, headers)).body.data?.me).not.toBeNull(); // cached on B now
    const out = await gql(a, 'mutation { logout { __typename } }', {}, headers);
    expect(out.body.errors).toBeUndefined();
    await eventually(async () => (await gql(b, ME, {}, headers)).body.data?.me === null);
  });

  it("an administrator's revocation and identity change reach the other replica's cache", async () => {
    const user = newUser('Revoked');
    const { token, identityId } = await signUp(env.facade, user);
    const headers = { 'x-session-token': token };
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const cached = await gql(b, 'query { me { id } }', {}, headers);
    const sessionId = cached.body.data?.me.id as string;

    const renamed = await gql(
      a,
      'mutation ($id: ID!, $traits: JSONObject!) { updateIdentity(input: { id: $id, traits: $traits }) { id } }',
      { id: identityId, traits: { email: user.email, name: { first: 'Renamed', last: 'Tester' } } },
      admin,
    );
    expect(renamed.body.errors).toBeUndefined();
    await eventually(async () => {
      const me = await gql(b, ME, {}, headers);
      return (me.body.data?.me.identity.traits as { name: { first: string } }).name.first === 'Renamed';
    });

    const revoked = await gql(a, 'mutation ($id: ID!) { disableSession(id: $id) }', { id: sessionId }, admin);
    expect(revoked.body.errors).toBeUndefined();
    await eventually(async () => (await gql(b, ME, {}, headers)).body.data?.me === null);
  });

  describe('Redis killed mid-test', () => {
    let closed: Replica;

    beforeAll(async () => {
      closed = await startReplica('closed', { RATE_LIMIT_FAIL_MODE: 'closed' });
    }, 60_000);

    it('leaves both replicas serving: me from Ory, sign-ins counted locally (open) or refused (closed)', async () => {
      const user = newUser('Outage');
      const { token } = await signUp(env.facade, user);
      const headers = { 'x-session-token': token };
      expect((await gql(a, ME, {}, headers)).body.data?.me).not.toBeNull();

      await redis.kill();
      await a.process.waitFor(/redis unavailable/);
      for (const replica of [a, b]) {
        // The cache no longer follows invalidations, so every me asks Ory.
        const calls = await callsOf(env.backend, async () => {
          expect((await gql(replica, ME, {}, headers)).body.data?.me).not.toBeNull();
        });
        expect(whoamiCalls(calls)).toBe(1);
      }
      // Fail open: attempts go on, limited per replica meanwhile.
      expect(await signInAttempt(a, user, user.password)).toBe('LoginSuccess');
      for (let i = 0; i < PER_IDENTIFIER; i += 1)
        expect(await signInAttempt(b, user, 'wrong')).toBe('LoginFlow');
      expect(await signInAttempt(b, user, user.password)).toBe('RATE_LIMITED');
      // Fail closed: no attempt without the shared counters, and no Ory call for it.
      const refused = await callsOf(env.backend, async () => {
        expect(await signInAttempt(closed, user, user.password)).toBe('UPSTREAM_UNAVAILABLE');
      });
      expect(refused.filter((call) => call.method === 'POST')).toEqual([]);
      // Everything else still works there.
      expect((await gql(closed, ME, {}, headers)).body.data?.me).not.toBeNull();
      expect(await metric(a, 'ory_graphql_redis_up')).toMatch(/ory_graphql_redis_up 0$/m);
      // The log says where Redis is, never its password.
      expect(a.process.output()).toMatch(/redis unavailable/);
      expect(a.process.output()).not.toContain(redis.password);
      expect(await metric(b, 'ory_graphql_redis_failures_total{use="rate_limit"}')).toMatch(/ [1-9]\d*$/);

      await redis.restart();
      await eventually(
        async () => /ory_graphql_redis_up 1$/m.test(await metric(closed, 'ory_graphql_redis_up')),
        10_000,
      );
      const other = newUser('AfterOutage');
      await signUp(env.facade, other);
      expect(await signInAttempt(closed, other, other.password)).toBe('LoginSuccess');
      // The cache is back in use once the subscription is.
      await eventually(async () => {
        await gql(a, ME, {}, headers);
        return whoamiCalls(await callsOf(env.backend, () => gql(a, ME, {}, headers))) === 0;
      }, 10_000);
    });
  });

  // After the outage above: Redis is back, and these replicas start on it.
  describe('a session cache in Redis (SESSION_CACHE_STORE=redis)', () => {
    let c: Replica;
    let d: Replica;
    let inspect: Redis;

    /** `me` through `replica`, with the Ory calls it made. */
    async function meWithCalls(replica: Replica, token: string): Promise<{ me: unknown; whoami: number }> {
      let me: unknown;
      const calls = await callsOf(env.backend, async () => {
        me = (await gql(replica, ME, {}, { 'x-session-token': token })).body.data?.me;
      });
      return { me, whoami: whoamiCalls(calls) };
    }

    beforeAll(async () => {
      const store = { SESSION_CACHE_STORE: 'redis', REDIS_KEY_PREFIX: 'shared-cache:' };
      [c, d] = await Promise.all([startReplica('C', store), startReplica('D', store)]);
      inspect = new Redis(redis.url);
    }, 60_000);

    afterAll(async () => {
      // quit(): disconnect() leaves a timer behind that keeps jest from exiting.
      await inspect.quit();
    });

    it('serves on one replica what the other asked Ory for, keyed by a digest of the token', async () => {
      const { token, identityId } = await signUp(env.facade, newUser('SharedCache'));
      const first = await meWithCalls(c, token);
      expect(first).toMatchObject({ me: { identity: { id: identityId } }, whoami: 1 });
      for (const replica of [d, c, d])
        expect(await meWithCalls(replica, token)).toEqual({ me: first.me, whoami: 0 });

      // The entry: the session Ory answered, under a digest of the credential, for at most the TTL.
      const key = `shared-cache:session-cache:e:${createHash('sha256').update(`token:${token}`).digest('base64url')}`;
      const stored = JSON.parse((await inspect.get(key)) ?? 'null') as {
        id: string;
        identity: { id: string };
      };
      expect(stored.identity.id).toBe(identityId);
      expect(stored.id).toBe((first.me as { id: string }).id);
      const ttl = await inspect.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      const keys = await inspect.keys('shared-cache:*');
      expect(keys.some((name) => name.includes(token))).toBe(false);
      expect(await metric(d, 'ory_graphql_session_cache_lookups_total{result="hit"}')).toMatch(/ [1-9]\d*$/);
    });

    it('a logout through one replica: the next me on the other asks Ory and answers null', async () => {
      const { token } = await signUp(env.facade, newUser('SharedLogout'));
      await meWithCalls(c, token);
      expect((await meWithCalls(d, token)).whoami).toBe(0); // cached
      const out = await gql(c, 'mutation { logout { __typename } }', {}, { 'x-session-token': token });
      expect(out.body.errors).toBeUndefined();
      // No waiting: the entry was gone from Redis before the logout answered.
      expect(await meWithCalls(d, token)).toEqual({ me: null, whoami: 1 });
    });

    it("the caller's disableMySession through one replica ends that session's cached me on the other", async () => {
      const user = newUser('SharedMySession');
      const { token: first } = await signUp(env.facade, user);
      const second = await signIn(env.facade, user);
      const cached = await meWithCalls(d, second);
      const secondId = (cached.me as { id: string }).id;
      expect((await meWithCalls(d, second)).whoami).toBe(0);
      const revoked = await gql(
        c,
        'mutation ($id: ID!) { disableMySession(id: $id) }',
        { id: secondId },
        {
          'x-session-token': first,
        },
      );
      expect(revoked.body.errors).toBeUndefined();
      expect(revoked.body.data?.disableMySession).toBe(true);
      expect(await meWithCalls(d, second)).toEqual({ me: null, whoami: 1 });
      expect((await meWithCalls(d, first)).me).not.toBeNull();
    });

    it("an administrator's identity change and revocation through one replica reach the other at once", async () => {
      const user = newUser('SharedRevoked');
      const { token, identityId } = await signUp(env.facade, user);
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const sessionId = ((await meWithCalls(d, token)).me as { id: string }).id;
      expect((await meWithCalls(d, token)).whoami).toBe(0);

      const renamed = await gql(
        c,
        'mutation ($id: ID!, $traits: JSONObject!) { updateIdentity(input: { id: $id, traits: $traits }) { id } }',
        { id: identityId, traits: { email: user.email, name: { first: 'Renamed', last: 'Tester' } } },
        admin,
      );
      expect(renamed.body.errors).toBeUndefined();
      const after = await meWithCalls(d, token);
      expect(after.whoami).toBe(1);
      expect(after.me).toMatchObject({ identity: { traits: { name: { first: 'Renamed' } } } });
      expect((await meWithCalls(c, token)).whoami).toBe(0); // cached again, renamed

      const revoked = await gql(
        c,
        'mutation ($id: ID!) { disableSession(id: $id) }',
        { id: sessionId },
        admin,
      );
      expect(revoked.body.errors).toBeUndefined();
      expect(await meWithCalls(d, token)).toEqual({ me: null, whoami: 1 });
    });

    it('Redis killed: both answer me from Ory, and a logout meanwhile holds once Redis is back', async () => {
      const user = newUser('SharedOutage');
      const { token } = await signUp(env.facade, user);
      const other = await signIn(env.facade, user);
      await meWithCalls(c, token);
      await meWithCalls(c, other);
      expect((await meWithCalls(d, token)).whoami).toBe(0);

      await redis.kill();
      await c.process.waitFor(/redis unavailable/);
      await d.process.waitFor(/redis unavailable/);
      for (const replica of [c, d, c, d])
        expect(await meWithCalls(replica, token)).toMatchObject({
          me: { id: expect.any(String) },
          whoami: 1,
        });
      expect(await metric(d, 'ory_graphql_redis_failures_total{use="session_cache"}')).toMatch(/ [1-9]\d*$/);
      await c.process.waitFor(/session cache: lookup failed, asking Ory until Redis is back/);
      // Signed out through C while Redis is away: C keeps the drop and replays it.
      const out = await gql(c, 'mutation { logout { __typename } }', {}, { 'x-session-token': other });
      expect(out.body.errors).toBeUndefined();
      expect(await meWithCalls(d, other)).toEqual({ me: null, whoami: 1 });
      for (const output of [c.process.output(), d.process.output()]) {
        expect(output).not.toContain(token);
        expect(output).not.toContain(redis.password);
      }

      await redis.restart();
      await eventually(
        async () =>
          /ory_graphql_redis_up 1$/m.test(await metric(c, 'ory_graphql_redis_up')) &&
          /ory_graphql_redis_up 1$/m.test(await metric(d, 'ory_graphql_redis_up')),
        10_000,
      );
      // Shared again: one Ory call on one replica, none on the other.
      await eventually(async () => (await meWithCalls(c, token)).whoami === 0, 10_000);
      expect(await meWithCalls(d, token)).toMatchObject({ whoami: 0 });
      expect(await meWithCalls(d, other)).toEqual({ me: null, whoami: 1 });
    });
  });
});
