/**
 * Whether the environment turns tracing on, and whether its settings can be used: kept apart from the tracer
 * (tracing.ts), so that deciding costs nothing when tracing is off and OpenTelemetry's modules are never loaded.
 */
export type Env = Record<string, string | undefined>;

/** Why the tracing configuration cannot be used, or null. */
export function tracingProblem(env: Env): string | null {
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol === undefined || protocol === 'http/protobuf' || protocol === 'http/json') return null;
  return `OTEL_EXPORTER_OTLP_PROTOCOL: ${protocol.slice(0, 40)} is not offered (use http/protobuf or http/json)`;
}

export function tracingEnabled(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER !== undefined && env.OTEL_TRACES_EXPORTER !== 'otlp') return false;
  return (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT) !== undefined;
}
