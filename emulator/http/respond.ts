/**
 * The only module that writes responses: JSON (herodot's encoder conventions), herodot errors,
 * Go-mux style plain-text errors, redirects and empty bodies.
 */
import { goJsonStringify, sortedRecord } from '../json';
import type { HerodotError } from './herodotError';
import { header, type RequestContext } from './requestContext';

type Headers = Record<string, string | string[]>;

function write(ctx: RequestContext, status: number, headers: Headers, body?: string): void {
  ctx.onRespond(status);
  const res = ctx.res;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined) {
    // Go sends `Content-Length: 0` for an empty answer (never for 204/304); Node would go chunked.
    if (status !== 204 && status !== 304) res.setHeader('Content-Length', 0);
    res.writeHead(status);
    res.end();
    return;
  }
  const bytes = Buffer.from(body, 'utf8');
  res.setHeader('Content-Length', bytes.length);
  res.writeHead(status);
  res.end(bytes);
}

/** Success JSON: `application/json; charset=utf-8`, trailing newline like `json.Encoder`. */
export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Headers = {}): void {
  write(
    ctx,
    status,
    { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
    `${goJsonStringify(body)}\n`,
  );
}

/** The herodot error envelope; `Ory-Error-Id` is always present (empty without an id). */
export function errorEnvelope(error: HerodotError, requestId?: string): Record<string, unknown> {
  const inner: Record<string, unknown> = {
    id: error.id === '' ? undefined : error.id,
    code: error.code,
    status: error.status,
    request: requestId === '' ? undefined : requestId,
    reason: error.reason === '' ? undefined : error.reason,
    details: error.details && Object.keys(error.details).length > 0 ? sortedRecord(error.details) : undefined,
    message: error.message,
  };
  return { error: inner, ...error.extra };
}

export function sendError(ctx: RequestContext, error: HerodotError, status: number = error.code): void {
  write(
    ctx,
    status,
    { 'Content-Type': 'application/json', 'Ory-Error-Id': error.id ?? '' },
    `${goJsonStringify(errorEnvelope(error, header(ctx, 'x-request-id')))}\n`,
  );
}

/** Go's `http.Error`: used by the mux for 404 and 405. */
export function sendPlainText(
  ctx: RequestContext,
  status: number,
  text: string,
  headers: Headers = {},
): void {
  write(
    ctx,
    status,
    { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    `${text}\n`,
  );
}

export function sendEmpty(ctx: RequestContext, status: number, headers: Headers = {}): void {
  write(ctx, status, headers);
}

/**
 * Go's `http.Redirect` for non-GET/HEAD requests writes no body; for GET a tiny HTML link, written
 * with `fmt.Fprintln` (hence the second newline).
 */
export function redirect(ctx: RequestContext, status: number, location: string): void {
  const method = ctx.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    const escaped = location
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&#34;');
    const statusText = status === 303 ? 'See Other' : status === 302 ? 'Found' : 'Temporary Redirect';
    write(
      ctx,
      status,
      { Location: location, 'Content-Type': 'text/html; charset=utf-8' },
      `<a href="${escaped}">${statusText}</a>.\n\n`,
    );
    return;
  }
  write(ctx, status, { Location: location });
}
