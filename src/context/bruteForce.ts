/**
 * Brute-force protection for credential-bearing mutations, which self-hosted Kratos does not have and which Ory
 * Network cannot apply per user behind a facade (every request reaches Ory from the facade's address).
 *
 * The model (README "Brute force"), per kind of attempt (sign-in, registration, recovery, ...):
 * - per client: every attempt counts against `perIpPerMinute` a minute. A client is its IP address, or its /64
 *   for IPv6, where one subscriber holds the whole prefix;
 * - per identifier (the email of a sign-in, the flow of a code submission) *and client*: failed attempts count
 *   against `perIdentifierPer15Minutes` per 15 minutes; a success clears them. Only the client that failed is
 *   refused, so nobody can lock the owner of an address out by guessing wrong on purpose;
 * - per identifier across all clients: failed attempts count against `perIdentifierAllIpsPer15Minutes`, a much
 *   higher ceiling against guessing spread over many addresses. Above it, clients that have themselves failed on
 *   that identifier are refused until the window passes; a client that has not failed is still let through.
 * A refused attempt never reaches Ory and answers RATE_LIMITED with `retryAfter` in seconds. Counters live in
 * memory, per process, or in Redis, shared by the replicas (src/context/attemptCounters.ts, README "Scaling out").
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode, apiError } from '../errors';
import type { RefusingLimit } from '../metrics/metrics';
import { memoryCounters, type AttemptCounter, type CounterFactory } from './attemptCounters';

export type AttemptKind = 'login' | 'registration' | 'recovery' | 'verification' | 'settings';

export interface BruteForceLimits {
  perIpPerMinute: number;
  perIdentifierPer15Minutes: number;
  perIdentifierAllIpsPer15Minutes: number;
}

const WINDOW_SECONDS = 15 * 60;

function rateLimited(msBeforeNext: number): Error {
  return apiError(ErrorCode.RATE_LIMITED, undefined, {
    retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)),
  });
}

/** Identifiers (emails) are kept only as digests. */
function digest(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase(), 'utf8').digest('base64url');
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two groups). */
function ipv6Groups(ip: string): string[] {
  const groups = (part: string | undefined): string[] =>
    part === undefined || part === ''
      ? []
      : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const [head, tail] = ip.split('%')[0]?.split('::') ?? [];
  const left = groups(head);
  const right = groups(tail);
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, zeros)).fill('0'), ...right];
}

/**
 * The client an attempt is charged to: an IPv4 address (IPv4-mapped IPv6 included) as is, an IPv6 address by
 * its /64 prefix.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const prefix = ipv6Groups(ip.toLowerCase())
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''));
  return `${prefix.join(':')}::/64`;
}

export class BruteForceGuard {
  private readonly perIp: AttemptCounter;
  private readonly failuresFromClient: AttemptCounter;
  private readonly failuresFromAll: AttemptCounter;

  constructor(
    private readonly limits: BruteForceLimits,
    /** Told which limit refused an attempt (for metrics). */
    private readonly onRefusal: (limit: RefusingLimit) => void = () => undefined,
    counters: CounterFactory = memoryCounters(),
  ) {
    this.perIp = counters({ name: 'ip', points: limits.perIpPerMinute, durationSeconds: 60 });
    this.failuresFromClient = counters({
      name: 'fail-client',
      points: limits.perIdentifierPer15Minutes,
      durationSeconds: WINDOW_SECONDS,
    });
    this.failuresFromAll = counters({
      name: 'fail-all',
      points: limits.perIdentifierAllIpsPer15Minutes,
      durationSeconds: WINDOW_SECONDS,
    });
  }

  /** Lets an attempt through, or throws RATE_LIMITED. Charges the attempt to the client. */
  async admit(kind: AttemptKind, client: string, identifier: string): Promise<void> {
    const id = digest(identifier);
    const own = await this.failuresFromClient.get(`${kind}:${id}:${client}`);
    if (own !== null && own.consumedPoints >= this.limits.perIdentifierPer15Minutes) {
      this.onRefusal('per_identifier');
      throw rateLimited(own.msBeforeNext);
    }
    if (own !== null && own.consumedPoints > 0) {
      const all = await this.failuresFromAll.get(`${kind}:${id}`);
      if (all !== null && all.consumedPoints >= this.limits.perIdentifierAllIpsPer15Minutes) {
        this.onRefusal('per_identifier_all_ips');
        throw rateLimited(all.msBeforeNext);
      }
    }
    try {
      await this.perIp.consume(`${kind}:${client}`);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      this.onRefusal('per_ip');
      throw rateLimited(refusal.msBeforeNext);
    }
  }

  async failed(kind: AttemptKind, client: string, identifier: string): Promise<void> {
    const id = digest(identifier);
    await Promise.all([
      this.count(this.failuresFromClient, `${kind}:${id}:${client}`),
      this.count(this.failuresFromAll, `${kind}:${id}`),
    ]);
  }

  async succeeded(kind: AttemptKind, client: string, identifier: string): Promise<void> {
    await this.failuresFromClient.delete(`${kind}:${digest(identifier)}:${client}`);
  }

  private async count(limiter: AttemptCounter, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (refusal) {
      // Over the limit already: the next attempt is refused by `admit`.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
    }
  }
}

/** An attempt's outcome as the guard sees it. */
export type AttemptVerdict = 'success' | 'failure' | 'neutral';

/** What a request may do with the guard: guarded attempts, charged to its client. */
export interface Attempts {
  guard<T>(
    kind: AttemptKind,
    identifier: string,
    attempt: () => Promise<T>,
    verdict: (outcome: T) => AttemptVerdict,
  ): Promise<T>;
}

export function attemptsFor(guard: BruteForceGuard, clientIp: string): Attempts {
  const client = clientKey(clientIp);
  return {
    async guard(kind, identifier, attempt, verdict) {
      await guard.admit(kind, client, identifier);
      const outcome = await attempt();
      const result = verdict(outcome);
      // The attempt has happened: its answer goes out even when its bookkeeping cannot be done (Redis down and
      // RATE_LIMIT_FAIL_MODE=closed; the next attempt is refused then anyway).
      const bookkeeping =
        result === 'failure'
          ? guard.failed(kind, client, identifier)
          : result === 'success'
            ? guard.succeeded(kind, client, identifier)
            : Promise.resolve();
      await bookkeeping.catch(() => undefined);
      return outcome;
    },
  };
}
