/**
 * Ory's list pagination. Keyset lists (identities, admin sessions, courier) give the next page's `page_token` in
 * the `Link` header (`<...&page_token=X>; rel="next"`); those tokens are opaque: passed back, never built.
 *
 * Kratos's page-numbered lists (`/sessions`, an identity's sessions) are different: Kratos v26.2.0 hands its
 * 0-based `page` to a 1-based query, so `page=0` and `page=1` both return the first page and `page=n` returns
 * page n-1; its `Link` header therefore points back at the first page and never reaches the last one. Those
 * lists are walked here by page number (page k, counted from 0, is `page=k+1`), and whether another page follows
 * comes from `X-Total-Count`, which Kratos (and Ory Network, the same code) sends on every page of both lists,
 * empty ones and pages past the end included (checked against v26.2.0).
 */
import type { AxiosResponse } from 'axios';
import type { OryPage } from './models';

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

/** This module's cursor for page-numbered lists: `n.` and the 0-based page number. */
const NUMBERED = /^n\.(\d{1,6})$/;

/**
 * One page of a page-numbered list. `token` is this module's own position token (or `null` for the first page);
 * a token it did not make is answered with an empty page rather than guessed at.
 */
export async function numberedPage<T>(
  fetch: (page: number, perPage: number) => Promise<AxiosResponse<T[]>>,
  token: string | null,
  pageSize: number,
): Promise<OryPage<T>> {
  const match = token === null ? null : NUMBERED.exec(token);
  if (token !== null && match === null) {
    return { items: [], pageToken: token, pageSize, nextPageToken: null, totalCount: null };
  }
  const index = Number(match?.[1] ?? 0);
  const response = await fetch(index + 1, pageSize);
  const items = response.data;
  const total = Number(response.headers['x-total-count']);
  const totalCount = Number.isInteger(total) && total >= 0 ? total : null;
  // Ory always sends the count; without one, nothing says another page exists, so the walk stops there.
  const more = totalCount !== null && index * pageSize + items.length < totalCount;
  return {
    items,
    pageToken: `n.${index}`,
    pageSize,
    nextPageToken: more && items.length > 0 ? `n.${index + 1}` : null,
    totalCount,
  };
}
