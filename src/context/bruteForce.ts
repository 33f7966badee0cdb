/**
 * Brute-force protection for credential-bearing mutations, which self-hosted Kratos does not have and which Ory
 * Network cannot apply per user behind a facade (every request reaches Ory from the facade's address).
 *
 * Two limits, both in memory (one process; replicas each keep their own, see README "Scaling out"):
 * - per client IP and mutation kind: every attempt counts (`perIpPerMinute` per minute);
 * - per identifier (the email of a sign-in, the flow of a code submission) and kind: failed attempts count
 *   (`perIdentifierPer15Minutes` per 15 minutes), and a success clears them.
 * A refused attempt never reaches Ory and answers RATE_LIMITED with `retryAfter` in seconds.
 */
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode, apiError } from '../errors';

export type AttemptKind = 'login' | 'registration' | 'recovery' | 'verification' | 'settings';

export interface BruteForceLimits {
  perIpPerMinute: number;
  perIdentifierPer15Minutes: number;
}

function rateLimited(msBeforeNext: number): Error {
  return apiError(ErrorCode.RATE_LIMITED, undefined, {
    retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)),
  });
}

/** Identifiers (emails) are kept only as digests. */
function key(kind: AttemptKind, value: string): string {
  const digest = createHash('sha256').update(value.trim().toLowerCase(), 'utf8').digest('base64url');
  return `${kind}:${digest}`;
}

export class BruteForceGuard {
  private readonly perIp: RateLimiterMemory;
  private readonly failures: RateLimiterMemory;

  constructor(private readonly limits: BruteForceLimits) {
    this.perIp = new RateLimiterMemory({ points: limits.perIpPerMinute, duration: 60 });
    this.failures = new RateLimiterMemory({ points: limits.perIdentifierPer15Minutes, duration: 15 * 60 });
  }

  /** Lets an attempt through, or throws RATE_LIMITED. Charges the attempt to the client's IP. */
  async admit(kind: AttemptKind, clientIp: string, identifier: string): Promise<void> {
    const failures = await this.failures.get(key(kind, identifier));
    if (failures !== null && failures.consumedPoints >= this.limits.perIdentifierPer15Minutes) {
      throw rateLimited(failures.msBeforeNext);
    }
    try {
      await this.perIp.consume(key(kind, clientIp));
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw rateLimited(refusal.msBeforeNext);
      throw refusal;
    }
  }

  async failed(kind: AttemptKind, identifier: string): Promise<void> {
    try {
      await this.failures.consume(key(kind, identifier));
    } catch (refusal) {
      // Over the limit already: the next attempt is refused by `admit`.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
    }
  }

  async succeeded(kind: AttemptKind, identifier: string): Promise<void> {
    await this.failures.delete(key(kind, identifier));
  }
}

/** An attempt's outcome as the guard sees it. */
export type AttemptVerdict = 'success' | 'failure' | 'neutral';

/** What a request may do with the guard: guarded attempts, keyed to its client IP. */
export interface Attempts {
  guard<T>(
    kind: AttemptKind,
    identifier: string,
    attempt: () => Promise<T>,
    verdict: (outcome: T) => AttemptVerdict,
  ): Promise<T>;
}

export function attemptsFor(guard: BruteForceGuard, clientIp: string): Attempts {
  return {
    async guard(kind, identifier, attempt, verdict) {
      await guard.admit(kind, clientIp, identifier);
      const outcome = await attempt();
      const result = verdict(outcome);
      if (result === 'failure') await guard.failed(kind, identifier);
      if (result === 'success') await guard.succeeded(kind, identifier);
      return outcome;
    },
  };
}
