/**
 * Prometheus metrics (METRICS, METRICS_PORT), on a registry of their own so an embedding app's registry is left
 * alone (it can merge ours: `Registry.merge`). Nothing is recorded when metrics are off: the server then has no
 * Metrics object at all.
 *
 * Label values are bounded: operation names are the client's choice, so only the first MAX_OPERATION_NAMES
 * distinct names get their own series and later ones count as `other`; Ory operations, APIs, statuses, outcome
 * codes and limits come from closed lists.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CacheLookup } from '../context/sessionCache';
import type { CallObserver, OryApiName } from '../ory/transport';

const MAX_OPERATION_NAMES = 100;

/** Request durations: from a cached `me` (milliseconds) to an operation at its deadline (10 s by default). */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Ory call durations: a local Kratos answers in about a millisecond, Ory Network in tens. */
const ORY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Which brute-force limit refused an attempt (README, Brute force). */
export type RefusingLimit = 'per_ip' | 'per_identifier' | 'per_identifier_all_ips';

/** What Redis is used for, when an operation on it fails. */
export type RedisUse = 'rate_limit' | 'session_cache';

export interface Metrics {
  registry: Registry;
  /** One GraphQL request: its operation name (or null), outcome (`ok` or the first error code), duration. */
  request(operationName: string | null | undefined, outcome: string, seconds: number): void;
  /** One Ory call attempt: its HTTP status, or `error` when there was none (network, timeout). */
  oryCall: CallObserver;
  rateLimitRefusal(limit: RefusingLimit): void;
  redisFailure(use: RedisUse): void;
  sessionCacheLookup(result: CacheLookup): void;
}

export function createMetrics(
  circuitOpen: (api: OryApiName) => boolean,
  /** Whether Redis is connected now; `null` without REDIS_URL (no `redis_up` series then). */
  redisUp: (() => boolean) | null = null,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ory_graphql_' });
  const requests = new Counter({
    name: 'ory_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'ory_graphql_request_duration_seconds',
    help: 'GraphQL request duration, from the start of the operation to the answer.',
    labelNames: ['operation'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const oryCalls = new Counter({
    name: 'ory_graphql_ory_calls_total',
    help: 'Calls to Ory (each retry counts) by API, SDK operation and HTTP status (error: no answer).',
    labelNames: ['api', 'operation', 'status'] as const,
    registers: [registry],
  });
  const orySeconds = new Histogram({
    name: 'ory_graphql_ory_call_duration_seconds',
    help: 'Duration of calls to Ory by API and SDK operation.',
    labelNames: ['api', 'operation'] as const,
    buckets: ORY_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'ory_graphql_rate_limit_refusals_total',
    help: "Attempts refused by the facade's brute-force limits, by limit (no Ory call was made).",
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'ory_graphql_ory_circuit_open',
    help: 'Whether the circuit breaker to an Ory API is open (1: calls fail fast without reaching Ory).',
    labelNames: ['api'] as const,
    registers: [registry],
    collect() {
      for (const api of ['frontend', 'admin'] as const) this.set({ api }, circuitOpen(api) ? 1 : 0);
    },
  });

  const redisFailures = new Counter({
    name: 'ory_graphql_redis_failures_total',
    help: 'Operations on Redis that failed (or found it disconnected), by use: rate_limit (RATE_LIMIT_FAIL_MODE applied) or session_cache (invalidations).',
    labelNames: ['use'] as const,
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'ory_graphql_session_cache_lookups_total',
    help: 'Session cache lookups by result: hit (no Ory call), miss, or bypass (cache not following invalidations).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  if (redisUp !== null) {
    new Gauge({
      name: 'ory_graphql_redis_up',
      help: 'Whether the connection to Redis (REDIS_URL) is ready (1) or not (0).',
      registers: [registry],
      collect() {
        this.set(redisUp() ? 1 : 0);
      },
    });
  }

  const names = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (name == null) return 'anonymous';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  return {
    registry,
    request(operationName, outcome, seconds) {
      const operation = operationLabel(operationName);
      requests.inc({ operation, outcome });
      requestSeconds.observe({ operation }, seconds);
    },
    oryCall(api, operation, status, seconds) {
      oryCalls.inc({ api, operation, status: status === null ? 'error' : String(status) });
      orySeconds.observe({ api, operation }, seconds);
    },
    rateLimitRefusal(limit) {
      refusals.inc({ limit });
    },
    redisFailure(use) {
      redisFailures.inc({ use });
    },
    sessionCacheLookup(result) {
      cacheLookups.inc({ result });
    },
  };
}
