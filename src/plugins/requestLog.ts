/**
 * One log line per GraphQL request (request id, operation, duration, outcome), the original of every
 * unexpected error logged under the request id, and that id in every error clients see (`extensions.requestId`). Values
 * of variables never reach the log: coercion messages quote them, and are logged without them.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { Context } from '../context/context';
import { requestLineLogger, type Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import { OryError } from '../ory/oryError';
import { isDeliberate, withoutValues } from './errorMasking';

/** The error underneath GraphQL's wrappers: ours wrap OryErrors, and graphql-js wraps ours with a path. */
function rootCause(error: unknown): unknown {
  let current = unwrapResolverError(error);
  while (current instanceof GraphQLError && current.originalError !== undefined)
    current = current.originalError;
  return current;
}

/** What may be logged about an error: never request headers, bodies, variables or the SDK's request config. */
function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof OryError) {
    return {
      type: 'OryError',
      kind: error.kind,
      api: error.api,
      operation: error.operation,
      status: error.status,
      oryId: error.oryId,
      cause: error.cause,
    };
  }
  if (error instanceof GraphQLError)
    return { type: error.name, message: withoutValues(error.message, error) };
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error };
}

export function requestLogPlugin(
  logger: Logger,
  metrics: Metrics | null = null,
): ApolloServerPlugin<Context> {
  const lines = requestLineLogger(logger);
  return {
    requestDidStart: () => {
      const started = performance.now();
      return Promise.resolve({
        didEncounterErrors: ({ errors, contextValue }) => {
          for (const error of errors) {
            const original = rootCause(error);
            const code = error.extensions.code;
            if (isDeliberate(code) && !(original instanceof OryError)) continue;
            const level = isDeliberate(code) ? 'warn' : 'error';
            logger[level](
              { requestId: contextValue.requestId, code, err: describeError(original) },
              'operation error',
            );
          }
          return Promise.resolve();
        },
        willSendResponse: ({ response, contextValue, operationName, operation }) => {
          const { requestId } = contextValue;
          const codes: unknown[] = [];
          if (response.body.kind === 'single' && response.body.singleResult.errors !== undefined) {
            const result = response.body.singleResult;
            result.errors = result.errors?.map((error) => {
              codes.push(error.extensions?.code);
              return { ...error, extensions: { ...error.extensions, requestId } };
            });
          }
          const durationMs = performance.now() - started;
          const outcome = codes.length === 0 ? 'ok' : typeof codes[0] === 'string' ? codes[0] : 'unknown';
          lines.info(
            {
              requestId,
              operationName,
              durationMs: Math.round(durationMs),
              outcome,
              errors: codes,
              upstream: contextValue.upstream,
            },
            'graphql request',
          );
          metrics?.request(operationName, outcome, durationMs / 1000);
          contextValue.trace?.end(operation?.operation ?? null, operationName ?? null, outcome);
          return Promise.resolve();
        },
      });
    },
  };
}
