/**
 * What every per-request context needs from the server, built once from the configuration: shared by the
 * GraphQL server and the session middleware, so both treat credentials, limits and deadlines alike.
 */
import type { ServerConfig } from '../config';
import type { Metrics } from '../metrics/metrics';
import type { Tracing } from '../tracing/tracing';
import type { OryClients } from '../ory/clients';
import type { TraitsRuntime } from '../traits/traitsRuntime';
import type { RedisConnections } from '../redis/redis';
import { memoryCounters, redisCounters } from './attemptCounters';
import { BruteForceGuard } from './bruteForce';
import type { ContextDependencies } from './context';
import type { SessionCache } from './sessionCache';

/** What the replicas may share, and the session cache: created and closed by createOryGraphQL. */
export interface SharedState {
  redis: RedisConnections | null;
  sessionCache: SessionCache | null;
}

export function contextDependencies(
  config: ServerConfig,
  clients: OryClients,
  traits: TraitsRuntime,
  metrics: Metrics | null = null,
  tracing: Tracing | null = null,
  shared: SharedState = { redis: null, sessionCache: null },
): ContextDependencies {
  const { redis } = shared;
  const counters =
    redis === null
      ? memoryCounters()
      : redisCounters({
          client: redis.commands,
          keyPrefix: redis.keyPrefix,
          failMode: config.rateLimitFailMode,
          onFailure: () => metrics?.redisFailure('rate_limit'),
        });
  return {
    clients,
    traits,
    cookieDomain: config.cookieDomain,
    adminTokenDigests: config.adminTokenDigests,
    providerTokenAdminDigests: config.providerTokenAdminDigests,
    adminRole: config.adminRole,
    operationTimeoutMs: config.operationTimeoutMs,
    maxOryCalls: config.limits.maxOryCalls,
    sessionTokenPattern: config.sessionTokenPattern,
    guard: new BruteForceGuard(
      config.rateLimits,
      (limit) => {
        metrics?.rateLimitRefusal(limit);
      },
      counters,
    ),
    nativeFlowsFromBrowsers: config.nativeFlowsFromBrowsers,
    tracing,
    sessionCache: shared.sessionCache,
  };
}
