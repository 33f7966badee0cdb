/**
 * Express's own error pages are HTML with stack traces. These handlers answer everything that never reaches
 * Apollo (unknown paths, oversized or malformed bodies) with a GraphQL-shaped JSON error instead.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logger';
import { requestIdOf } from './requestId';

function body(code: string, message: string, requestId: string): { errors: unknown[] } {
  return { errors: [{ message, extensions: { code, requestId } }] };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(body('NOT_FOUND', 'Not found. The GraphQL endpoint is /graphql.', requestIdOf(req)));
};

/** The HTTP status body-parser (and other middleware) attached to an error, if any. */
function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return 500;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = requestIdOf(req);
    const status = statusOf(error);
    if (status === 413) {
      res.status(413).json(body('BAD_REQUEST', 'The request body is too large.', requestId));
    } else if (status >= 400 && status < 500) {
      res.status(status).json(body('BAD_REQUEST', 'The request body could not be read as JSON.', requestId));
    } else {
      logger.error(
        { requestId, err: error instanceof Error ? { type: error.name, message: error.message } : {} },
        'http error',
      );
      res.status(500).json(body('INTERNAL_SERVER_ERROR', 'Internal server error.', requestId));
    }
  };
}
