/**
 * The session cache in Redis (SESSION_CACHE_STORE=redis) against a real `redis-server`, where its races can be
 * staged exactly: a whoami still on its way when a drop happens must not store what the drop removed, whatever
 * the drop names (credential, session, identity); Redis losing its data meanwhile is treated alike; Redis down
 * means asking Ory, never an error. (Two facade processes sharing it: replicas.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisSessionCache } from '../../src/context/redisSessionCache';
import type { CacheLookup, CacheTargets, SessionCache } from '../../src/context/sessionCache';
import { createLogger } from '../../src/logger';
import type { Session } from '../../src/ory/models';
import { redisServerBinary, startRedis, type RedisServer } from '../harness/redisServer';

const binary = redisServerBinary();
if (binary === null) {
  console.warn(
    'redisSessionCache.test.ts skipped: no redis-server on this machine (apt-get install redis-server)',
  );
}
const describeWithRedis = binary === null ? describe.skip : describe;

function session(expiresInMs = 3_600_000): Session {
  return {
    id: randomUUID(),
    active: true,
    expires_at: new Date(Date.now() + expiresInMs).toISOString(),
    identity: { id: randomUUID(), schema_id: 'default', schema_url: '', traits: {} },
  };
}

/** A whoami the test answers when it chooses; `called` resolves once the cache has asked for it. */
function pendingWhoami(): {
  load: () => Promise<Session | null>;
  called: Promise<void>;
  answer: (value: Session | null) => void;
} {
  let answer: (value: Session | null) => void = () => undefined;
  let markCalled: () => void = () => undefined;
  const called = new Promise<void>((resolve) => {
    markCalled = resolve;
  });
  const answered = new Promise<Session | null>((resolve) => {
    answer = resolve;
  });
  return {
    load: () => {
      markCalled();
      return answered;
    },
    called,
    answer,
  };
}

describeWithRedis('the session cache in Redis', () => {
  let server: RedisServer;
  let client: Redis;
  let cache: SessionCache;
  const lookups: CacheLookup[] = [];
  let failures = 0;

  /** Looks `credential` up with a whoami answering `value`; tells whether Ory was asked. */
  async function lookUp(
    credential: string,
    value: Session | null,
  ): Promise<{ asked: boolean; got: unknown }> {
    let asked = false;
    const got = await cache.lookup(credential, () => {
      asked = true;
      return Promise.resolve(value);
    });
    return { asked, got };
  }

  beforeAll(async () => {
    server = await startRedis(binary ?? 'redis-server');
    client = new Redis(server.url, {
      enableOfflineQueue: false,
      commandTimeout: 500,
      maxRetriesPerRequest: 0,
    });
    await new Promise((resolve) => client.once('ready', resolve));
    cache = createRedisSessionCache({
      ttlSeconds: 60,
      logger: createLogger('silent'),
      client,
      keyPrefix: 'unit:',
      onLookup: (result) => lookups.push(result),
      onFailure: () => {
        failures += 1;
      },
    });
  }, 30_000);

  afterAll(async () => {
    await cache.close();
    await client.quit();
    await server.stop();
  });

  it('keeps active sessions for at most the TTL and never past expires_at; refusals never', async () => {
    const kept = session();
    const credential = `token:${randomUUID()}`;
    expect(await lookUp(credential, kept)).toEqual({ asked: true, got: kept });
    expect(await lookUp(credential, null)).toEqual({ asked: false, got: kept });

    const [entry] = await client.keys('unit:session-cache:e:*');
    expect(entry).toBeDefined();
    expect(await client.pttl(entry ?? '')).toBeLessThanOrEqual(60_000);

    const soon = session(5_000);
    const brief = `token:${randomUUID()}`;
    await lookUp(brief, soon);
    const ttls = await Promise.all(
      (await client.keys('unit:session-cache:e:*')).map((key) => client.pttl(key)),
    );
    expect(Math.min(...ttls)).toBeLessThanOrEqual(5_000);

    const refused = `token:${randomUUID()}`;
    expect(await lookUp(refused, null)).toEqual({ asked: true, got: null });
    expect(await lookUp(refused, { ...session(), active: false })).toMatchObject({ asked: true });
    expect((await lookUp(refused, null)).asked).toBe(true);
  });

  const drops: Array<[string, (credential: string, value: Session) => CacheTargets]> = [
    ['the credential', (credential) => ({ credentials: [credential] })],
    ['the session', (_, value) => ({ sessionIds: [value.id] })],
    ['the identity', (_, value) => ({ identityIds: [value.identity?.id ?? ''] })],
  ];

  it.each(drops)(
    'does not store a whoami that was on its way when %s was dropped: that answer is used once',
    async (_, targets) => {
      const credential = `token:${randomUUID()}`;
      const value = session();
      const whoami = pendingWhoami();
      const looking = cache.lookup(credential, whoami.load);
      await whoami.called;
      await cache.forget(targets(credential, value));
      whoami.answer(value);
      expect(await looking).toEqual(value);
      // Not stored: the next lookup asks Ory again (and then keeps it).
      expect((await lookUp(credential, value)).asked).toBe(true);
      expect((await lookUp(credential, value)).asked).toBe(false);
    },
  );

  it("drops a credential's identity along: its other sessions too", async () => {
    const first = session();
    const second: Session = { ...session(), identity: first.identity };
    const [one, two] = [`token:${randomUUID()}`, `token:${randomUUID()}`];
    await lookUp(one, first);
    await lookUp(two, second);
    expect((await lookUp(two, second)).asked).toBe(false);
    await cache.forget({ credentials: [one] });
    expect((await lookUp(two, second)).asked).toBe(true);
    expect((await lookUp(one, first)).asked).toBe(true);
  });

  it('stores nothing when Redis lost its data while the whoami was on its way (the drops went with it)', async () => {
    await cache.forget({ identityIds: [randomUUID()] }); // the clock is past zero
    const credential = `token:${randomUUID()}`;
    const whoami = pendingWhoami();
    const looking = cache.lookup(credential, whoami.load);
    await whoami.called;
    await client.flushall();
    whoami.answer(session());
    await looking;
    expect(await client.exists(`unit:session-cache:clock`)).toBe(0);
    expect(await client.keys('unit:session-cache:e:*')).toEqual([]);
  });

  it('asks Ory when Redis is down, counts the failure, and never throws; a drop meanwhile is replayed', async () => {
    const value = session();
    const credential = `token:${randomUUID()}`;
    await lookUp(credential, value);
    lookups.length = 0;
    const before = failures;
    await server.kill();
    await new Promise((resolve) => {
      if (client.status !== 'ready') resolve(undefined);
      else client.once('close', resolve);
    });
    expect(await lookUp(credential, value)).toEqual({ asked: true, got: value });
    expect(await lookUp(credential, value)).toEqual({ asked: true, got: value });
    await expect(cache.forget({ sessionIds: [value.id] })).resolves.toBeUndefined();
    expect(failures).toBeGreaterThan(before);
    expect(lookups).toEqual(['bypass', 'bypass']);

    await server.restart();
    await new Promise((resolve) => client.once('ready', resolve));
    // The drop is replayed (its marker appears), and then the replica reads the cache again.
    const deadline = Date.now() + 5000;
    while ((await client.exists(`unit:session-cache:r:s:${value.id}`)) === 0) {
      if (Date.now() > deadline) throw new Error('the drop was not replayed within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await lookUp(credential, value)).asked).toBe(true);
    expect((await lookUp(credential, value)).asked).toBe(false);
  });
});
