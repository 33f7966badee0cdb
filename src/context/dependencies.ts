/**
 * What every per-request context needs from the server, built once from the configuration: shared by the
 * GraphQL server and the session middleware, so both treat credentials, limits and deadlines alike.
 */
import type { ServerConfig } from '../config';
import type { Metrics } from '../metrics/metrics';
import type { Tracing } from '../tracing/tracing';
import type { OryClients } from '../ory/clients';
import type { TraitsRuntime } from '../traits/traitsRuntime';
import { BruteForceGuard } from './bruteForce';
import type { ContextDependencies } from './context';

export function contextDependencies(
  config: ServerConfig,
  clients: OryClients,
  traits: TraitsRuntime,
  metrics: Metrics | null = null,
  tracing: Tracing | null = null,
): ContextDependencies {
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
    guard: new BruteForceGuard(config.rateLimits, (limit) => {
      metrics?.rateLimitRefusal(limit);
    }),
    nativeFlowsFromBrowsers: config.nativeFlowsFromBrowsers,
    tracing,
  };
}
