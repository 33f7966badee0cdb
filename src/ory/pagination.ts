/**
 * Ory's list pagination. Keyset lists (identities, admin sessions, courier) give the next page's `page_token` in
 * the `Link` header (`<...&page_token=X>; rel="next"`); those tokens are opaque: passed back, never built.
 *
 * Kratos's page-numbered lists (`/sessions`, an identity's sessions) are different: Kratos v26.2.0 hands its
 * 0-based `page` to a 1-based query, so `page=0` and `page=1` both return the first page, `page=n` returns page
 * n-1, and the `Link` header never reaches the last page. Those lists are walked by page number here, and whether
 * the Ory at hand shifts pages is learnt from its answers (a fixed Kratos would not), so both behave correctly.
 */
import type { AxiosResponse } from 'axios';
import type { OryPage } from './models';
import { isRecord } from './oryError';

/** The `page_token` of the `rel="next"` link, or `null` on the last page. */
export function nextPageToken(link: unknown): string | null {
  if (typeof link !== 'string') return null;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1] === undefined) continue;
    const token = new URL(match[1], 'http://ory.invalid').searchParams.get('page_token');
    if (token !== null && token !== '') return token;
  }
  return null;
}

export function toPage<T>(
  response: AxiosResponse<T[]>,
  pageToken: string | null,
  pageSize: number,
): OryPage<T> {
  const total = Number(response.headers['x-total-count']);
  return {
    items: response.data,
    pageToken,
    pageSize,
    nextPageToken: response.data.length === 0 ? null : nextPageToken(response.headers.link),
    totalCount: Number.isInteger(total) && total >= 0 ? total : null,
  };
}

/** Where a page-numbered list stands: the page to ask for and what is known about the Ory answering. */
interface NumberedPosition {
  /** The `page` query parameter to send. */
  page: number;
  /** 1 when this Ory returns page n-1 for `page=n` (Kratos v26.2.0), 0 when it does not, null until known. */
  shift: 0 | 1 | null;
  /** The first id of the page before, to recognise a repeated first page. */
  previousFirstId: string | null;
}

function encodePosition(position: NumberedPosition): string {
  return `n.${Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')}`;
}

function decodePosition(token: string | null): NumberedPosition | null {
  if (token === null) return { page: 0, shift: null, previousFirstId: null };
  if (!token.startsWith('n.')) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8'));
    if (!isRecord(value)) return null;
    const { page, shift, previousFirstId } = value;
    if (typeof page !== 'number' || !Number.isInteger(page) || page < 0 || page > 100_000) return null;
    if (shift !== 0 && shift !== 1 && shift !== null) return null;
    if (previousFirstId !== null && typeof previousFirstId !== 'string') return null;
    return { page, shift, previousFirstId };
  } catch {
    return null;
  }
}

/**
 * One page of a page-numbered list. `token` is this module's own position token (or `null` for the first page);
 * a token it did not make is answered with an empty page rather than guessed at.
 */
export async function numberedPage<T extends { id: string }>(
  fetch: (page: number, perPage: number) => Promise<AxiosResponse<T[]>>,
  token: string | null,
  pageSize: number,
): Promise<OryPage<T>> {
  const position = decodePosition(token);
  if (position === null)
    return { items: [], pageToken: token, pageSize, nextPageToken: null, totalCount: null };
  let { page, shift } = position;
  let response = await fetch(page, pageSize);
  if (page > 0 && shift === null) {
    const repeated = response.data.length > 0 && response.data[0]?.id === position.previousFirstId;
    shift = repeated ? 1 : 0;
    if (repeated) {
      page += 1;
      response = await fetch(page, pageSize);
    }
  }
  const items = response.data;
  const total = Number(response.headers['x-total-count']);
  const totalCount = Number.isInteger(total) && total >= 0 ? total : null;
  const offset = page === 0 ? 0 : (page - (shift ?? 0)) * pageSize;
  const more = totalCount === null ? items.length === pageSize : offset + items.length < totalCount;
  return {
    items,
    pageToken: encodePosition({ page, shift, previousFirstId: null }),
    pageSize,
    nextPageToken:
      more && items.length > 0
        ? encodePosition({ page: page + 1, shift, previousFirstId: items[0]?.id ?? null })
        : null,
    totalCount,
  };
}
