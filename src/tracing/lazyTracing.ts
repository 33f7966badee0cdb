import * as optional from '../optionalModules';
import type { Tracing } from './tracing';
import { tracingEnabled, type Env } from './tracingConfig';

/**
 * Tracing as the environment configures it, or null when it is off; OpenTelemetry's modules are loaded only when
 * it is on (the package entry exports this one).
 */
export function createTracing(env: Env = process.env): Tracing | null {
  return tracingEnabled(env) ? optional.tracing().createTracing(env) : null;
}
