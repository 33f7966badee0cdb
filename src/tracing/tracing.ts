/**
 * OpenTelemetry tracing, configured by the standard environment variables and off unless an OTLP endpoint is
 * set (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT; OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none turn it off). Off, nothing is created per request.
 *
 * One server span per GraphQL operation (a child of the caller's W3C `traceparent`, if any) and one client span per
 * Ory call, whose `traceparent` goes to Ory so Kratos's own traces join. Parents are passed explicitly (the
 * operation's span travels in its call scope), so no async context tracking is needed.
 *
 * Exported over OTLP/HTTP: protobuf (the specification's default) or JSON (OTEL_EXPORTER_OTLP_PROTOCOL or
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL = http/json). gRPC is not offered. Endpoint, headers and timeout are read by
 * the exporter from the usual variables; OTEL_SERVICE_NAME (default ory-graphql), OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_TRACES_SAMPLER(_ARG) (always_on, always_off, traceidratio, parentbased_*) and OTEL_BSP_* here.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { tracingEnabled, type Env } from './tracingConfig';

/** The trace of one GraphQL operation. */
export interface OperationTrace {
  /** Starts the span of one Ory call; `headers` carry its `traceparent` to Ory. */
  startCall(api: string, operation: string): CallTrace;
  /** Ends the operation's span with its name and outcome (`ok` or the first error code). */
  end(operationType: string | null, operationName: string | null, outcome: string): void;
}

export interface CallTrace {
  headers: Record<string, string>;
  end(status: number | null, failed: boolean): void;
}

export interface Tracing {
  startOperation(headers: IncomingHttpHeaders): OperationTrace;
  /** Exports what is left and stops (on shutdown). */
  shutdown(): Promise<void>;
}

function samplerFrom(env: Env): Sampler {
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const root = new TraceIdRatioBasedSampler(Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1);
  switch (env.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return root;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** `{ [key]: n }` for a positive integer setting, or nothing (the SDK's default then applies). */
function positive(key: string, value: string | undefined): Record<string, number> {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? { [key]: n } : {};
}

const propagator = new W3CTraceContextPropagator();

function operationTrace(tracer: Tracer, headers: IncomingHttpHeaders): OperationTrace {
  const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const span: Span = tracer.startSpan('GraphQL operation', { kind: SpanKind.SERVER }, parent);
  const spanContext = trace.setSpan(ROOT_CONTEXT, span);
  return {
    startCall(api, operation) {
      const call = tracer.startSpan(
        `ory ${operation}`,
        { kind: SpanKind.CLIENT, attributes: { 'ory.api': api, 'ory.operation': operation } },
        spanContext,
      );
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(ROOT_CONTEXT, call), carrier, defaultTextMapSetter);
      return {
        headers: carrier,
        end(status, failed) {
          if (status !== null) call.setAttribute('http.response.status_code', status);
          if (failed) call.setStatus({ code: SpanStatusCode.ERROR });
          call.end();
        },
      };
    },
    end(operationType, operationName, outcome) {
      const type = operationType ?? 'operation';
      span.updateName(operationName === null ? type : `${type} ${operationName}`);
      span.setAttributes({
        'graphql.operation.type': type,
        ...(operationName === null ? {} : { 'graphql.operation.name': operationName }),
        'ory_graphql.outcome': outcome,
      });
      if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
    },
  };
}

/** Tracing as the environment configures it, or null when it is off. */
export function createTracing(env: Env = process.env): Tracing | null {
  if (!tracingEnabled(env)) return null;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const exporter = protocol === 'http/json' ? new JsonExporter() : new ProtobufExporter();
  const resource = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'ory-graphql' }),
  );
  const provider = new TracerProvider({
    resource,
    sampler: samplerFrom(env),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        ...positive('scheduledDelayMillis', env.OTEL_BSP_SCHEDULE_DELAY),
        ...positive('exportTimeoutMillis', env.OTEL_BSP_EXPORT_TIMEOUT),
        ...positive('maxQueueSize', env.OTEL_BSP_MAX_QUEUE_SIZE),
        ...positive('maxExportBatchSize', env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE),
      }),
    ],
  });
  const tracer = provider.getTracer('ory-graphql');
  return {
    startOperation: (headers) => operationTrace(tracer, headers),
    shutdown: () => provider.shutdown(),
  };
}
