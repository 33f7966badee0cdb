/**
 * The session cache (SESSION_CACHE_TTL): the caller's whoami answer, reused for a few seconds so that an app
 * asking `me` on every page view costs Ory (which rate-limits and bills calls) one call per TTL instead.
 * This is the in-process store (SESSION_CACHE_STORE=memory); the one in Redis is redisSessionCache.ts.
 *
 * - Entries are per process, keyed by a digest of the credential (the session token, or the session cookie):
 *   never the credential itself. Only active sessions are kept, each for at most the TTL and never past its
 *   `expires_at`. Refusals (no session, AAL2 required, Ory down) are never cached.
 * - Made stale by the facade itself, they are dropped at once: any mutation by a caller drops the cached
 *   sessions of the caller's identity; an administrator's session revocation drops that session, changing or
 *   deleting an identity drops all of its sessions.
 *   With Redis, each drop is published and every replica applies it. Changes made elsewhere (Ory's console, the
 *   admin API called directly, a session expiring early) are seen within the TTL: the staleness window.
 * - With Redis, a replica caches only while it is subscribed: when the subscription drops, it forgets everything
 *   and asks Ory every time until it is back, because it may have missed invalidations meanwhile.
 * - A drop that happens while a whoami is on its way wins: that answer is used once, not stored.
 */
import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { Session } from '../ory/models';

export type CacheLookup = 'hit' | 'miss' | 'bypass';

/** What to drop: by credential (as the context names it), session id, or identity id. */
export interface CacheTargets {
  credentials?: readonly string[];
  sessionIds?: readonly string[];
  identityIds?: readonly string[];
}

export interface SessionCache {
  /** The caller's session for `credential`: from the cache, or from `load` (and then kept when cacheable). */
  lookup(credential: string, load: () => Promise<Session | null>): Promise<Session | null>;
  /**
   * Drops entries here and, with Redis, on every replica. A credential's entry takes all the entries of its
   * identity along (wherever a replica has it cached): what a caller changes (traits, addresses, other sessions)
   * shows in every session of theirs. Resolves once no lookup can be answered with what was dropped (the
   * Redis store: once Redis has deleted them); never rejects.
   */
  forget(targets: CacheTargets): Promise<void>;
  close(): Promise<void>;
}

export interface SessionCacheOptions {
  ttlSeconds: number;
  maxEntries: number;
  logger: Logger;
  /** Told about every lookup (for metrics). */
  onLookup?: (result: CacheLookup) => void;
  /** Redis pub/sub for invalidations across replicas; `null` for a single process. */
  redis?: { commands: Redis; subscriber: Redis; channel: string; onFailure: () => void } | null;
}

interface Entry {
  json: string;
  sessionId: string;
  identityId: string;
}

/** An invalidation as published: digests of credentials only. */
interface Invalidation {
  from: string;
  keys: string[];
  sessionIds: string[];
  identityIds: string[];
}

/** The cache key of a credential: the credential itself is never kept. */
export const digest = (credential: string): string =>
  createHash('sha256').update(credential).digest('base64url');

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** A message from the channel, or `null` when it is not one of ours. */
function parseInvalidation(message: string): Invalidation | null {
  try {
    const value: unknown = JSON.parse(message);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    if (typeof record.from !== 'string') return null;
    return {
      from: record.from,
      keys: strings(record.keys),
      sessionIds: strings(record.sessionIds),
      identityIds: strings(record.identityIds),
    };
  } catch {
    return null;
  }
}

/** A multimap from a session or identity id to the keys of its entries. */
class Index {
  private readonly keys = new Map<string, Set<string>>();
  add(id: string, key: string): void {
    let set = this.keys.get(id);
    if (set === undefined) this.keys.set(id, (set = new Set()));
    set.add(key);
  }
  remove(id: string, key: string): void {
    const set = this.keys.get(id);
    set?.delete(key);
    if (set?.size === 0) this.keys.delete(id);
  }
  of(id: string): string[] {
    return [...(this.keys.get(id) ?? [])];
  }
  clear(): void {
    this.keys.clear();
  }
}

export function createSessionCache(options: SessionCacheOptions): SessionCache {
  const { logger, redis = null } = options;
  const onLookup = options.onLookup ?? (() => undefined);
  const replica = randomUUID();
  const bySession = new Index();
  const byIdentity = new Index();
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries,
    ttl: options.ttlSeconds * 1000,
    dispose: (entry, key) => {
      bySession.remove(entry.sessionId, key);
      byIdentity.remove(entry.identityId, key);
    },
  });
  /** Bumped by every drop: a whoami that started before one is not stored. */
  let generation = 0;
  /** Without Redis, always; with Redis, only while subscribed to the invalidations. */
  let following = redis === null;
  const caching = (): boolean => following;

  /** `identityIds` and the identities of the entries of `keys` here: a credential takes its identity along. */
  const withIdentitiesOf = (keys: readonly string[], identityIds: readonly string[]): string[] => [
    ...identityIds,
    ...keys.flatMap((key) => entries.peek(key, { allowStale: true })?.identityId ?? []),
  ];
  const drop = (
    keys: readonly string[],
    sessionIds: readonly string[],
    identityIds: readonly string[],
  ): void => {
    generation += 1;
    for (const key of keys) entries.delete(key);
    for (const id of sessionIds) for (const key of bySession.of(id)) entries.delete(key);
    for (const id of identityIds) for (const key of byIdentity.of(id)) entries.delete(key);
  };
  const dropAll = (): void => {
    generation += 1;
    entries.clear();
    bySession.clear();
    byIdentity.clear();
  };

  if (redis !== null) {
    redis.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== redis.channel) return;
      const invalidation = parseInvalidation(message);
      if (invalidation === null || invalidation.from === replica) return;
      const { keys, sessionIds, identityIds } = invalidation;
      drop(keys, sessionIds, withIdentitiesOf(keys, identityIds));
    });
    const subscribe = (): void => {
      redis.subscriber.subscribe(redis.channel).then(
        () => {
          if (!following) logger.info('session cache: on, following invalidations over Redis');
          following = true;
        },
        (error: unknown) => {
          redis.onFailure();
          logger.warn({ cause: String(error) }, 'session cache: cannot subscribe to invalidations');
        },
      );
    };
    redis.subscriber.on('ready', subscribe);
    redis.subscriber.on('close', () => {
      if (following) logger.warn('session cache: off until the invalidations can be followed again');
      following = false;
      dropAll();
    });
    if (redis.subscriber.status === 'ready') subscribe();
  }

  return {
    async lookup(credential, load) {
      if (!caching()) {
        onLookup('bypass');
        return load();
      }
      const key = digest(credential);
      const cached = entries.get(key);
      if (cached !== undefined) {
        onLookup('hit');
        return JSON.parse(cached.json) as Session;
      }
      onLookup('miss');
      const started = generation;
      const session = await load();
      if (session?.active === true && caching() && generation === started) {
        const left =
          session.expires_at === undefined ? Infinity : Date.parse(session.expires_at) - Date.now();
        const ttl = Math.min(options.ttlSeconds * 1000, left);
        if (ttl > 0 && session.identity !== undefined) {
          const entry = {
            json: JSON.stringify(session),
            sessionId: session.id,
            identityId: session.identity.id,
          };
          entries.set(key, entry, { ttl });
          bySession.add(entry.sessionId, key);
          byIdentity.add(entry.identityId, key);
        }
      }
      return session;
    },
    forget(targets) {
      const keys = (targets.credentials ?? []).map(digest);
      const sessionIds = [...(targets.sessionIds ?? [])];
      // Published with the identities found here, for replicas that hold other sessions of them but not these keys.
      const identityIds = withIdentitiesOf(keys, targets.identityIds ?? []);
      if (keys.length + sessionIds.length + identityIds.length === 0) return Promise.resolve();
      drop(keys, sessionIds, identityIds);
      if (redis === null) return Promise.resolve();
      const message: Invalidation = { from: replica, keys, sessionIds, identityIds };
      redis.commands.publish(redis.channel, JSON.stringify(message)).catch((error: unknown) => {
        // The other replicas keep their entries for at most the TTL; if Redis is down for them too, they have
        // already stopped caching.
        redis.onFailure();
        logger.warn({ cause: String(error) }, 'session cache: invalidation not published');
      });
      // Dropped here at once; the other replicas hear of it over pub/sub, not awaited (see the README).
      return Promise.resolve();
    },
    async close() {
      dropAll();
      if (redis !== null && redis.subscriber.status === 'ready') {
        await redis.subscriber.unsubscribe(redis.channel).catch(() => undefined);
      }
    },
  };
}
