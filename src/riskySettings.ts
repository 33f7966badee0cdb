/**
 * Settings that are valid but weaken the facade. createOryGraphQL logs each once at start, so operators see them
 * whether the facade runs standalone or inside their own server; exported for servers that assemble the parts
 * themselves.
 */
import type { ServerConfig } from './config';

export function riskySettings(
  config: Pick<ServerConfig, 'production' | 'routerSecret' | 'trustProxy'>,
): string[] {
  const warnings: string[] = [];
  if (config.production && config.routerSecret === null) {
    warnings.push(
      'ROUTER_SECRET is not set: the federation fields _service and _entities are refused. To serve as a ' +
        'federation subgraph, set ROUTER_SECRET and have the router send it as X-Router-Secret.',
    );
  }
  if (typeof config.trustProxy === 'number') {
    warnings.push(
      `TRUST_PROXY is a hop count (${config.trustProxy}): a client that connects directly can choose its own ` +
        'address through X-Forwarded-For. Prefer the addresses or CIDRs of your proxies.',
    );
  }
  return warnings;
}
