/**
 * The modules of optional features, loaded only when a feature is switched on. OpenTelemetry's SDK and
 * exporters, ioredis and prom-client together take about 25 MiB of memory once loaded, which a facade without
 * tracing, Redis or metrics (the default) should not carry in every replica.
 *
 * `require`, not `import()`: the package is CommonJS, and a native dynamic import would need
 * --experimental-vm-modules under jest; the types still come from the modules themselves.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

export const metrics = (): typeof import('./metrics/metrics') =>
  require('./metrics/metrics') as typeof import('./metrics/metrics');

export const redis = (): typeof import('./redis/redis') =>
  require('./redis/redis') as typeof import('./redis/redis');

export const tracing = (): typeof import('./tracing/tracing') =>
  require('./tracing/tracing') as typeof import('./tracing/tracing');
