/**
 * The session cache kept in Redis (SESSION_CACHE_STORE=redis): one cache for every replica, so a session one
 * replica asked Ory for is served by all of them, for one Redis round trip per `me`.
 *
 * - An entry is the session JSON Ory answered, under `<REDIS_KEY_PREFIX>session-cache:e:<digest of the
 *   credential>`, for at most the TTL and never past `expires_at` (PX). Only active sessions are kept.
 * - Sets per session id and per identity id list the digests of their entries (each set lives as long as its
 *   longest entry), so that a drop by session or identity finds them. A drop runs as one Lua script: when
 *   `forget` resolves (before the mutation's answer leaves), no replica can read a dropped entry any more.
 * - A whoami on its way during a drop must not store what the drop removed. A counter in Redis (`clock`) is
 *   read with the lookup; every drop increments it and leaves a revocation marker (the new value, for a few
 *   minutes) on each credential, session and identity it dropped; the store script refuses to write when a
 *   marker of the entry's credential, session or identity is newer than the lookup. The answer is then used
 *   once, as the in-process cache does with its generation counter.
 * - Redis down: lookups ask Ory and store nothing (never a stale answer, never an error for it); each failure is
 *   counted (`redis_failures_total{use="session_cache"}`) and logged once per outage. A drop Redis did not take
 *   is kept and replayed when the connection is back; until then this replica does not read the cache (the
 *   entries may still be there). Other replicas cannot know: for them the TTL bounds how stale it can be.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { Session } from '../ory/models';
import { digest, type CacheLookup, type SessionCache } from './sessionCache';

export interface RedisSessionCacheOptions {
  ttlSeconds: number;
  logger: Logger;
  /** The command connection (src/redis/redis.ts: fails fast while disconnected, 500 ms timeout). */
  client: Redis;
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  /** Told about every lookup (for metrics). */
  onLookup?: (result: CacheLookup) => void;
  /** Told about every Redis operation that failed (for metrics). */
  onFailure: () => void;
}

/**
 * How long a revocation marker lives: longer than any whoami can take (ORY_TIMEOUT_MS is at most 60 s), so that
 * no lookup that started before a drop can outlive the marker that stops it from storing.
 */
const MARKER_TTL_MS = 5 * 60_000;
/** A lookup slower than this stores nothing, whatever the markers say (they may have expired meanwhile). */
const STORE_WITHIN_MS = MARKER_TTL_MS / 2;
/** How often drops Redis did not take are tried again while the connection stays up. */
const REPLAY_EVERY_MS = 1000;
/** Drops kept while Redis is away, to replay when it is back; beyond that the oldest are lost (TTL bounds them). */
const MAX_PENDING_DROPS = 10_000;

/**
 * Stores an entry unless a drop happened since the lookup read the clock.
 * KEYS: clock, entry, session index, identity index, credential marker, session marker, identity marker.
 * ARGV: the clock as read, the session JSON, the TTL in ms, the credential digest.
 */
const STORE = `
local started = tonumber(ARGV[1])
-- A clock behind the lookup's: Redis lost its data meanwhile (a restart), and the drops with it.
if tonumber(redis.call('GET', KEYS[1]) or '0') < started then return 0 end
for i = 5, 7 do
  local revoked = redis.call('GET', KEYS[i])
  if revoked and tonumber(revoked) > started then return 0 end
end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl)
for i = 3, 4 do
  redis.call('SADD', KEYS[i], ARGV[4])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
`;

/**
 * Drops entries and leaves revocation markers. KEYS: the clock. ARGV: the key prefix of the cache, the marker
 * TTL in ms, then targets as `k:<credential digest>`, `s:<session id>` or `i:<identity id>`. A credential's
 * entry takes its identity's entries along. (Keys derived inside the script: one Redis, not a Cluster.)
 */
const FORGET = `
local prefix, markerTtl = ARGV[1], ARGV[2]
local now = redis.call('INCR', KEYS[1])
local function mark(kind, id)
  redis.call('SET', prefix .. 'r:' .. kind .. ':' .. id, now, 'PX', markerTtl)
end
local function dropIndexed(kind, id)
  local index = prefix .. kind .. ':' .. id
  for _, key in ipairs(redis.call('SMEMBERS', index)) do redis.call('DEL', prefix .. 'e:' .. key) end
  redis.call('DEL', index)
  mark(kind, id)
end
local identities = {}
for i = 3, #ARGV do
  local kind, id = string.sub(ARGV[i], 1, 1), string.sub(ARGV[i], 3)
  if kind == 'k' then
    local entry = prefix .. 'e:' .. id
    local json = redis.call('GET', entry)
    if json then
      local ok, session = pcall(cjson.decode, json)
      if ok and type(session) == 'table' and type(session.identity) == 'table'
        and type(session.identity.id) == 'string' then
        table.insert(identities, session.identity.id)
      end
      redis.call('DEL', entry)
    end
    mark('k', id)
  elseif kind == 's' then
    dropIndexed('s', id)
  elseif kind == 'i' then
    table.insert(identities, id)
  end
end
for _, id in ipairs(identities) do dropIndexed('i', id) end
return now
`;

/** Runs a script by its digest, sending it only when Redis does not have it yet (after a restart, say). */
function scriptRunner(client: Redis, lua: string) {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> => {
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(lua, keys.length, ...keys, ...args);
    }
  };
}

export function createRedisSessionCache(options: RedisSessionCacheOptions): SessionCache {
  const { client, logger } = options;
  const onLookup = options.onLookup ?? (() => undefined);
  const prefix = `${options.keyPrefix}session-cache:`;
  const clock = `${prefix}clock`;
  const entryKey = (key: string): string => `${prefix}e:${key}`;
  const store = scriptRunner(client, STORE);
  const forget = scriptRunner(client, FORGET);
  /** Drops Redis did not take (as script arguments), replayed when it is back. */
  const pending = new Set<string>();
  let failing = false;

  const failed = (error: unknown, what: string): void => {
    options.onFailure();
    if (failing) return;
    failing = true;
    logger.warn({ cause: String(error) }, `session cache: ${what} failed, asking Ory until Redis is back`);
  };
  const worked = (): void => {
    if (!failing) return;
    failing = false;
    logger.info('session cache: Redis answers again');
  };
  /**
   * Applies `dropped` and the drops still pending. What fails stays pending (the oldest beyond the bound are
   * given up: their entries expire within the TTL); pending drops stay pending until Redis has applied them.
   */
  const apply = async (dropped: readonly string[]): Promise<string | null> => {
    const batch = [...new Set([...pending, ...dropped])];
    try {
      await forget([clock], [prefix, MARKER_TTL_MS, ...batch]);
      for (const target of batch) pending.delete(target);
      worked();
      return null;
    } catch (error) {
      for (const target of dropped) pending.add(target);
      for (const target of pending) {
        if (pending.size <= MAX_PENDING_DROPS) break;
        pending.delete(target);
      }
      options.onFailure();
      return String(error);
    }
  };
  /** One replay at a time: lookups ask for one while drops are pending. */
  let replaying = false;
  const replay = async (): Promise<void> => {
    if (pending.size === 0 || replaying) return;
    replaying = true;
    const drops = pending.size;
    try {
      if ((await apply([])) === null)
        logger.info({ drops }, 'session cache: invalidations made while Redis was away applied');
    } finally {
      replaying = false;
    }
  };
  const onReady = (): void => {
    void replay();
  };
  client.on('ready', onReady);
  // Redis can also fail without the connection dropping (a timeout): no 'ready' then, so retry now and then.
  const retry = setInterval(() => {
    if (client.status === 'ready') void replay();
  }, REPLAY_EVERY_MS);
  retry.unref();

  /** Whether this replica may use what Redis holds: not while a drop of its own is still to be applied. */
  const usable = (): boolean => {
    if (pending.size === 0) return true;
    if (client.status === 'ready') void replay();
    return false;
  };

  return {
    async lookup(credential, load) {
      if (!usable()) {
        onLookup('bypass');
        return load();
      }
      const key = digest(credential);
      let found: (string | null)[];
      try {
        found = await client.mget(entryKey(key), clock);
        worked();
      } catch (error) {
        failed(error, 'lookup');
        onLookup('bypass');
        return load();
      }
      const [json, read] = found;
      if (typeof json === 'string') {
        onLookup('hit');
        return JSON.parse(json) as Session;
      }
      onLookup('miss');
      const startedAt = Date.now();
      const session = await load();
      if (session?.active !== true || session.identity === undefined) return session;
      const left = session.expires_at === undefined ? Infinity : Date.parse(session.expires_at) - Date.now();
      const ttl = Math.floor(Math.min(options.ttlSeconds * 1000, left));
      if (!(ttl > 0) || Date.now() - startedAt > STORE_WITHIN_MS || !usable()) return session;
      const { id: sessionId } = session;
      const identityId = session.identity.id;
      try {
        await store(
          [
            clock,
            entryKey(key),
            `${prefix}s:${sessionId}`,
            `${prefix}i:${identityId}`,
            `${prefix}r:k:${key}`,
            `${prefix}r:s:${sessionId}`,
            `${prefix}r:i:${identityId}`,
          ],
          [read ?? '0', JSON.stringify(session), ttl, key],
        );
        worked();
      } catch (error) {
        failed(error, 'storing a session');
      }
      return session;
    },
    async forget(targets) {
      const dropped = [
        ...(targets.credentials ?? []).map((credential) => `k:${digest(credential)}`),
        ...(targets.sessionIds ?? []).map((id) => `s:${id}`),
        ...(targets.identityIds ?? []).map((id) => `i:${id}`),
      ];
      if (dropped.length === 0) return;
      // On failure the entries may still be in Redis: this replica stops reading it until the drop is replayed.
      const cause = await apply(dropped);
      if (cause !== null)
        logger.warn({ cause }, 'session cache: invalidation not applied in Redis (replayed when it is back)');
    },
    close() {
      clearInterval(retry);
      client.off('ready', onReady);
      pending.clear();
      return Promise.resolve();
    },
  };
}
