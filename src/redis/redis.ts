/**
 * The connections to Redis (REDIS_URL) the replicas share: one for commands (the brute-force counters, the
 * invalidations it publishes), one for the subscription to invalidations (a subscribed connection can do nothing
 * else). Redis being down never stops the facade: commands fail at once instead of queueing (no offline queue,
 * a short command timeout), and their callers decide what that means (RATE_LIMIT_FAIL_MODE, cache bypass).
 * ioredis reconnects by itself; each change of state is logged once and shown by the `redis_up` metric.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger';

/** A command Redis does not answer within this fails: a sign-in waits at most this long for its counters. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2000;
/** Reconnection back-off: 100 ms, 200 ms, ... at most 2 s between attempts, for as long as it takes. */
const retryDelay = (attempt: number): number => Math.min(attempt * 100, 2000);

export interface RedisConnections {
  /** Where Redis is, for log lines (no password). */
  location: string;
  /** REDIS_KEY_PREFIX: of every key and channel. */
  keyPrefix: string;
  /** For commands; fails fast while disconnected. */
  commands: Redis;
  /** For SUBSCRIBE only; resubscribes by itself after a reconnection. */
  subscriber: Redis;
  /** Whether the command connection is ready now. */
  up(): boolean;
  /** Resolves once both connections are ready, or after `timeoutMs` (the facade serves either way). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Where Redis is, for log lines: never the password the URL may hold. */
function redisLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

export function connectRedis(url: string, keyPrefix: string, logger: Logger): RedisConnections {
  const where = redisLocation(url);
  const open = (role: 'commands' | 'subscriber'): Redis => {
    const client = new Redis(url, {
      enableOfflineQueue: role === 'subscriber',
      commandTimeout: role === 'commands' ? COMMAND_TIMEOUT_MS : undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: role === 'commands' ? 0 : null,
      retryStrategy: retryDelay,
      connectionName: `ory-graphql-${role}`,
    });
    let wasUp: boolean | null = null;
    const changed = (up: boolean, error?: Error): void => {
      if (wasUp === up) return;
      wasUp = up;
      if (up) logger.info({ redis: where, role }, 'redis connected');
      else
        logger.warn(
          { redis: where, role, cause: error?.message ?? 'connection closed' },
          'redis unavailable',
        );
    };
    client.on('ready', () => {
      changed(true);
    });
    client.on('error', (error: Error) => {
      changed(false, error);
    });
    client.on('close', () => {
      changed(false);
    });
    return client;
  };
  const commands = open('commands');
  const subscriber = open('subscriber');
  const isReady = (client: Redis): Promise<void> =>
    client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', resolve));

  return {
    location: where,
    keyPrefix,
    commands,
    subscriber,
    up: () => commands.status === 'ready',
    async ready(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, timeoutMs);
      });
      const both = Promise.all([isReady(commands), isReady(subscriber)]).then(() => true);
      try {
        return await Promise.race([both, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // quit() waits for Redis to answer; disconnect() is for a Redis that is gone.
      const end = async (client: Redis): Promise<void> => {
        if (client.status === 'ready') {
          try {
            await client.quit();
            return;
          } catch {
            // Gone meanwhile: disconnect below.
          }
        }
        client.disconnect();
      };
      await Promise.all([end(commands), end(subscriber)]);
    },
  };
}
