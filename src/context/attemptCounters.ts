/**
 * Where the brute-force counters live: in the process (no REDIS_URL), or in Redis, shared by every replica so
 * that N replicas allow the attempts of one. When Redis fails, RATE_LIMIT_FAIL_MODE decides: `open` counts in
 * the process meanwhile (each replica then enforces the limits on its own), `closed` refuses the attempt with
 * UPSTREAM_UNAVAILABLE. Either way the failure is counted (`redis_failures_total`); the connection's log line
 * says when Redis went away and came back.
 */
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { ErrorCode, apiError } from '../errors';

/** The three operations the guard needs from a counter. */
export interface AttemptCounter {
  /** The counter's state, or `null` when nothing was counted in the window. */
  get(key: string): Promise<RateLimiterRes | null>;
  /** Counts one; rejects with a RateLimiterRes when that goes over the limit. */
  consume(key: string): Promise<RateLimiterRes>;
  delete(key: string): Promise<void>;
}

export interface CounterSpec {
  /** Names the counter in Redis keys. */
  name: string;
  points: number;
  durationSeconds: number;
}

export type CounterFactory = (spec: CounterSpec) => AttemptCounter;

export function memoryCounters(): CounterFactory {
  return ({ points, durationSeconds }) => {
    const limiter = new RateLimiterMemory({ points, duration: durationSeconds });
    return {
      get: (key) => limiter.get(key),
      consume: (key) => limiter.consume(key),
      delete: async (key) => {
        await limiter.delete(key);
      },
    };
  };
}

export interface RedisCounterOptions {
  client: Redis;
  keyPrefix: string;
  failMode: 'open' | 'closed';
  /** Told about every operation Redis failed (for metrics). */
  onFailure: () => void;
}

function storeUnavailable(): Error {
  return apiError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    'Attempts cannot be counted right now (the rate-limit store is unavailable). Try again shortly.',
  );
}

export function redisCounters(options: RedisCounterOptions): CounterFactory {
  return ({ name, points, durationSeconds }) => {
    const shared = new RateLimiterRedis({
      storeClient: options.client,
      keyPrefix: `${options.keyPrefix}rl:${name}`,
      points,
      duration: durationSeconds,
      // Fail at once while disconnected rather than wait for the command timeout.
      rejectIfRedisNotReady: true,
    });
    const local = new RateLimiterMemory({ points, duration: durationSeconds });
    /** Runs `operation` on Redis; on a Redis failure, on the local counter (open) or not at all (closed). */
    const run = async <T>(operation: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> => {
      try {
        return await operation(shared);
      } catch (error) {
        // A refusal is an answer, not a failure.
        if (error instanceof RateLimiterRes) throw error;
        options.onFailure();
        if (options.failMode === 'closed') throw storeUnavailable();
        return operation(local);
      }
    };
    return {
      get: (key) => run((limiter) => limiter.get(key)),
      consume: (key) => run((limiter) => limiter.consume(key)),
      delete: async (key) => {
        await run((limiter) => limiter.delete(key));
      },
    };
  };
}
