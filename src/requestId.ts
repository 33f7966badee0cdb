/**
 * Request ids: one per HTTP request, taken from a well-formed `X-Request-Id` (so a proxy's id carries through)
 * or made up, echoed in the `X-Request-Id` response header, in errors and in log lines.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;
const ids = new WeakMap<IncomingMessage, string>();

export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const offered = req.headers['x-request-id'];
  const id = typeof offered === 'string' && WELL_FORMED.test(offered) ? offered : randomUUID();
  ids.set(req, id);
  res.setHeader('X-Request-Id', id);
  return id;
}

export function requestIdOf(req: IncomingMessage): string {
  return ids.get(req) ?? 'unknown';
}
