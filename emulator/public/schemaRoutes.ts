/**
 * Identity schemas (`schema/handler.go`): `GET /schemas` (page pagination with `Link` and
 * `X-Total-Count`) and `GET /schemas/{id}` (id or its unpadded base64url form).
 */
import { notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { pageLinkHeader, pageTokenOffset } from '../admin/pagination';

const DEFAULT_PER_PAGE = 250;
const MAX_PER_PAGE = 1000;

function parseIntOr(value: string | null, fallback: number): number {
  if (value === null || !/^-?\d+$/.test(value.trim())) return fallback;
  return Number.parseInt(value, 10);
}

/** ory/x `migrationpagination`: `page`/`per_page`, or `page_token`/`page_size`. */
function parsePagination(query: URLSearchParams): { page: number; perPage: number } {
  if (query.has('page_token') || query.has('page_size')) {
    const perPage = Math.min(Math.max(parseIntOr(query.get('page_size'), DEFAULT_PER_PAGE), 1), MAX_PER_PAGE);
    const offset = pageTokenOffset(query.get('page_token') ?? '');
    return { page: Math.floor(Math.max(offset, 0) / perPage), perPage };
  }
  const perPage = Math.min(Math.max(parseIntOr(query.get('per_page'), DEFAULT_PER_PAGE), 1), MAX_PER_PAGE);
  return { page: Math.max(parseIntOr(query.get('page'), 0), 0), perPage };
}

function listSchemas(ctx: RequestContext): void {
  const all = ctx.deps.schemas.all();
  const { page, perPage } = parsePagination(ctx.query);
  const items = all.slice(page * perPage, page * perPage + perPage).map((s) => ({ id: s.id, schema: s.raw }));
  const link = pageLinkHeader(
    // Built from the request URL like Kratos: relative, with the caller's other query parameters.
    { origin: '', path: ctx.path, query: ctx.query },
    all.length,
    page,
    perPage,
  );
  sendJson(ctx, 200, items, { Link: link, 'X-Total-Count': String(all.length) });
}

function getSchema(ctx: RequestContext): void {
  const id = ctx.params.id ?? '';
  const schema = ctx.deps.schemas.find(id);
  if (!schema) {
    sendError(ctx, notFound(`Identity schema \`${id}\` could not be found.`));
    return;
  }
  sendJson(ctx, 200, schema.raw);
}

export function registerSchemaRoutes(router: Router): void {
  router.get('/schemas', listSchemas);
  router.get('/schemas/{id}', getSchema);
  // Kratos serves the same on the public port under `/admin` too.
  router.get('/admin/schemas', listSchemas);
  router.get('/admin/schemas/{id}', getSchema);
}
