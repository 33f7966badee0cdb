/**
 * ory/x `migrationpagination.ParsePagination`, used by `GET /admin/identities/{id}/sessions`:
 * `page_token`/`page_size` (token = offset) when either is present, else `page`/`per_page`.
 * Unparsable values fall back to the defaults instead of failing, like the Go paginators.
 */
import { pageTokenOffset } from './pagination';

const DEFAULT_PER_PAGE = 250;
const MAX_PER_PAGE = 1000;

function intOr(value: string | null, fallback: number): number {
  return value !== null && /^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : fallback;
}

function clampPerPage(value: number): number {
  return Math.max(Math.min(value, MAX_PER_PAGE), 1);
}

export interface PageRequest {
  /** 0-based page number as Kratos hands it to pop's (1-based) `Paginate`. */
  readonly page: number;
  readonly perPage: number;
}

export function parseMigrationPagination(query: URLSearchParams): PageRequest {
  if (query.has('page_token') || query.has('page_size')) {
    const perPage = clampPerPage(intOr(query.get('page_size'), DEFAULT_PER_PAGE));
    const offset = Math.max(pageTokenOffset(query.get('page_token') ?? ''), 0);
    return { page: Math.floor(offset / perPage), perPage };
  }
  const perPage = clampPerPage(intOr(query.get('per_page'), DEFAULT_PER_PAGE));
  return { page: Math.max(intOr(query.get('page'), 0), 0), perPage };
}

/**
 * pop's `Paginate(page, perPage)` is 1-based while Kratos passes its 0-based page, so pages 0 and
 * 1 both return the first items and a `rel="next"` link (page 1) repeats the first page.
 */
export function popOffset(request: PageRequest): number {
  return (Math.max(request.page, 1) - 1) * request.perPage;
}
