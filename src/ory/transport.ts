/**
 * OryTransport: the single path every Ory call takes, shared by all requests of a server.
 *
 * - Every call has its own timeout and also obeys the operation's deadline, so one GraphQL operation never waits
 *   on Ory longer than its budget (and a hung Ory surfaces as UPSTREAM_TIMEOUT, not a router timeout).
 * - Only idempotent reads are retried (connection failures, 502/503/504, 429), at most twice, with jittered
 *   backoff, honouring Ory's `Retry-After` / `x-ratelimit-reset`, and never past the deadline. Flow submissions
 *   are never retried: a retry could burn one of Ory's limited code attempts or submit twice.
 * - One circuit breaker per Ory API (frontend, admin): while Ory keeps failing, calls fail fast with no upstream
 *   request; Ory's 4xx answers are normal outcomes and never open it.
 * - Answers that are not the JSON the SDK promised (a proxy's HTML page, a truncated body) are failures too.
 * - A failure on our side before anything is sent (`local`) is not Ory's: it neither opens a breaker nor is
 *   retried, so no client input can make the facade believe Ory is down.
 * - One operation may make at most `maxCalls` Ory calls (retries aside), so aliases cannot fan a single request
 *   out into dozens of upstream calls, and at most MAX_CONCURRENT_CALLS of them at once: a fan-out Ory has no
 *   batch read for (`identities { sessions }`) runs in parallel, in bounded waves.
 */
import type { AxiosResponse } from 'axios';
import CircuitBreaker from 'opossum';
import { ErrorCode, apiError } from '../errors';
import { OryError, isRecord, toOryError } from './oryError';
import type { OperationTrace } from '../tracing/tracing';

export type OryApiName = 'frontend' | 'admin';

/** What a successful answer must be: a JSON object, a JSON array, or anything (204 answers). */
export type ResponseShape = 'object' | 'array' | 'none';

/** Upstream activity of one request, for its log line. */
export interface UpstreamStats {
  calls: number;
  statuses: number[];
}

/** What one GraphQL operation brings to its Ory calls. */
export interface CallScope {
  /**
   * When the operation's time is up (ms since epoch): every call's timeout ends there at the latest, and retries
   * never start past it.
   */
  deadlineAt: number;
  /** Also ends retry waits early when it aborts (optional: the deadline alone bounds them). */
  deadline?: AbortSignal;
  stats: UpstreamStats;
  /** Ory calls this operation may still start (retries are not counted), and the limit they came from. */
  budget: { left: number; max: number };
  /** The operation's trace, when tracing is on: each call gets a span and sends its `traceparent`. */
  trace?: OperationTrace;
}

export interface CallSpec<T> {
  api: OryApiName;
  operation: string;
  /**
   * Makes the call, which must give up after `timeoutMs` (axios's `timeout` option): the shorter of the per-call
   * timeout and what is left of the operation's deadline. One timer per call, no per-call signals. `traceHeaders`
   * (the call's `traceparent`, when tracing is on) go with the request.
   */
  run: (timeoutMs: number, traceHeaders: Readonly<Record<string, string>>) => Promise<AxiosResponse<T>>;
  shape: ResponseShape;
  /** A read that may be repeated safely (HTTP GET). */
  idempotent: boolean;
}

/** Told about every call attempt that reached the network (for metrics). */
export type CallObserver = (
  api: OryApiName,
  operation: string,
  status: number | null,
  seconds: number,
) => void;

export interface TransportOptions {
  timeoutMs: number;
  breakerResetMs: number;
  observer?: CallObserver;
}

const MAX_RETRIES = 2;
/** The trace headers of a call when tracing is off. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/** Ory calls one operation may have in flight at once; the rest wait their turn. */
export const MAX_CONCURRENT_CALLS = 16;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Ory's guidance: back off exponentially, capped at 30 s. */
const MAX_BACKOFF_MS = 30_000;

function retryable(error: OryError): boolean {
  if (error.kind === 'network') return error.cause !== 'circuit-open';
  return error.kind === 'http' && error.status !== null && RETRYABLE_STATUS.has(error.status);
}

/** Full-jitter exponential backoff, or Ory's own instruction for 429s. */
function backoffMs(attempt: number, error: OryError): number {
  if (error.retryAfterSeconds !== null) return error.retryAfterSeconds * 1000;
  return Math.random() * Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function checkShape(data: unknown, shape: ResponseShape): boolean {
  return shape === 'none' || (shape === 'array' ? Array.isArray(data) : isRecord(data));
}

type Attempt = () => Promise<AxiosResponse<unknown>>;

/** The calls of one operation in flight, and those waiting for a slot. */
class CallSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  acquire(): Promise<void> | null {
    if (this.active < MAX_CONCURRENT_CALLS) {
      this.active += 1;
      return null;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next waiting call, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.active -= 1;
    else next();
  }
}

/** Per operation (scope), created on its first call. */
const slotsOf = new WeakMap<CallScope, CallSlots>();

export class OryTransport {
  private readonly breakers: Record<OryApiName, CircuitBreaker<[Attempt], AxiosResponse<unknown>>>;

  constructor(private readonly options: TransportOptions) {
    const breaker = (): CircuitBreaker<[Attempt], AxiosResponse<unknown>> =>
      new CircuitBreaker((attempt: Attempt) => attempt(), {
        // Timeouts are ours (per call and per operation); the breaker only counts outcomes.
        timeout: false,
        errorThresholdPercentage: 50,
        volumeThreshold: 5,
        rollingCountTimeout: 10_000,
        resetTimeout: options.breakerResetMs,
        // Ory's 4xx answers (validation, expiry, CSRF, 404, 429) are Ory working as designed.
        errorFilter: (error: unknown) =>
          error instanceof OryError &&
          (error.kind === 'local' || (error.kind === 'http' && (error.status ?? 500) < 500)),
      });
    this.breakers = { frontend: breaker(), admin: breaker() };
  }

  /** Whether Ory's frontend API is believed reachable (for readiness; makes no call). */
  get frontendAvailable(): boolean {
    return !this.breakers.frontend.opened;
  }

  /** Whether calls to `api` currently fail fast (the breaker is open). */
  circuitOpen(api: OryApiName): boolean {
    return this.breakers[api].opened;
  }

  async call<T>(spec: CallSpec<T>, scope: CallScope): Promise<AxiosResponse<T>> {
    if (scope.budget.left <= 0) {
      throw apiError(
        ErrorCode.BAD_USER_INPUT,
        `The operation needs more than ${scope.budget.max} calls to Ory (MAX_ORY_CALLS): split it into smaller operations.`,
        { limit: { name: 'MAX_ORY_CALLS', max: scope.budget.max } },
      );
    }
    scope.budget.left -= 1;
    let slots = slotsOf.get(scope);
    if (slots === undefined) {
      slots = new CallSlots();
      slotsOf.set(scope, slots);
    }
    const wait = slots.acquire();
    if (wait !== null) await wait;
    try {
      return await this.withRetries(spec, scope);
    } finally {
      slots.release();
    }
  }

  private async withRetries<T>(spec: CallSpec<T>, scope: CallScope): Promise<AxiosResponse<T>> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.attempt(spec, scope);
      } catch (thrown) {
        const error = thrown instanceof OryError ? thrown : toOryError(thrown, spec.api, spec.operation);
        if (!spec.idempotent || attempt >= MAX_RETRIES || !retryable(error)) throw error;
        const delay = backoffMs(attempt, error);
        if (Date.now() + delay >= scope.deadlineAt) throw error;
        await sleep(delay, scope.deadline);
        if (scope.deadline?.aborted === true || Date.now() >= scope.deadlineAt) throw error;
      }
    }
  }

  private async attempt<T>(spec: CallSpec<T>, scope: CallScope): Promise<AxiosResponse<T>> {
    const left = scope.deadlineAt - Date.now();
    if (left <= 0 || scope.deadline?.aborted === true) {
      throw new OryError({ kind: 'timeout', api: spec.api, operation: spec.operation, cause: 'deadline' });
    }
    const timeoutMs = Math.min(this.options.timeoutMs, left);
    const breaker = this.breakers[spec.api];
    if (breaker.opened) {
      throw new OryError({
        kind: 'network',
        api: spec.api,
        operation: spec.operation,
        cause: 'circuit-open',
      });
    }
    let response: AxiosResponse<T> | undefined;
    try {
      await breaker.fire(async () => {
        scope.stats.calls += 1;
        const { observer } = this.options;
        const started = observer === undefined ? 0 : performance.now();
        const callTrace = scope.trace?.startCall(spec.api, spec.operation);
        try {
          response = await spec.run(timeoutMs, callTrace?.headers ?? NO_HEADERS);
        } catch (error) {
          const oryError = toOryError(error, spec.api, spec.operation);
          if (oryError.status !== null) scope.stats.statuses.push(oryError.status);
          if (oryError.kind !== 'local')
            observer?.(spec.api, spec.operation, oryError.status, (performance.now() - started) / 1000);
          callTrace?.end(oryError.status, oryError.kind !== 'http' || (oryError.status ?? 500) >= 500);
          throw oryError;
        }
        scope.stats.statuses.push(response.status);
        observer?.(spec.api, spec.operation, response.status, (performance.now() - started) / 1000);
        callTrace?.end(response.status, false);
        if (!checkShape(response.data, spec.shape)) {
          throw new OryError({
            kind: 'malformed',
            api: spec.api,
            operation: spec.operation,
            status: response.status,
            cause: 'unexpected body',
          });
        }
        return response;
      });
    } catch (error) {
      if (error instanceof OryError) throw error;
      // opossum's own rejections (the breaker opened meanwhile): fail fast like an open circuit.
      throw new OryError({
        kind: 'network',
        api: spec.api,
        operation: spec.operation,
        cause: 'circuit-open',
      });
    }
    if (response === undefined)
      throw new OryError({ kind: 'network', api: spec.api, operation: spec.operation });
    return response;
  }

  /** Stops the breakers' timers (on shutdown and in tests). */
  shutdown(): void {
    this.breakers.frontend.shutdown();
    this.breakers.admin.shutdown();
  }
}
