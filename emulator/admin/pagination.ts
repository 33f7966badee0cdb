/**
 * ory/x pagination headers. Keyset pagination (`keysetpagination.Header`) for identities; the
 * page/"migration" style (`pagination.HeaderWithFormatter`) for schemas. Query strings are encoded
 * like Go's `url.Values.Encode` (sorted keys, `QueryEscape`).
 */

/** Go's `url.QueryEscape`. */
export function goQueryEscape(value: string): string {
  return encodeURIComponent(value)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Go's `url.Values.Encode`: keys sorted, values in order. */
export function goEncodeQuery(params: URLSearchParams): string {
  const keys = [...new Set(params.keys())].sort();
  const parts: string[] = [];
  for (const key of keys) {
    for (const value of params.getAll(key)) parts.push(`${goQueryEscape(key)}=${goQueryEscape(value)}`);
  }
  return parts.join('&');
}

/**
 * What a link is built from. Kratos builds keyset links from `r.URL`, which on a server is
 * relative (`origin: ''`), and page links from a configured base URL.
 */
export interface LinkBase {
  readonly origin: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

function withQuery(base: LinkBase, set: Record<string, string>): string {
  const params = new URLSearchParams(base.query);
  for (const [key, value] of Object.entries(set)) params.set(key, value);
  const query = goEncodeQuery(params);
  return `${base.origin}${base.path}${query === '' ? '' : `?${query}`}`;
}

/** `keysetpagination.Header`: `first` always, `next` unless this was the last page. */
export function keysetLinkHeader(
  url: LinkBase,
  firstToken: string,
  size: number,
  nextToken: string | undefined,
): string {
  const link = [`<${withQuery(url, { page_token: firstToken, page_size: String(size) })}>; rel="first"`];
  if (nextToken !== undefined) {
    link.push(`<${withQuery(url, { page_token: nextToken, page_size: String(size) })}>; rel="next"`);
  }
  return link.join(',');
}

/** `tokenpagination.Encode`: unpadded base64url of `{"offset":"<n>","v":2}`. */
export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset: String(offset), v: 2 }), 'utf8').toString('base64url');
}

export function pageTokenOffset(token: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'offset' in decoded) {
      const offset = Number(decoded.offset);
      return Number.isFinite(offset) ? offset : 0;
    }
  } catch {
    // An unreadable token means "from the start", like ory/x.
  }
  return 0;
}

export type PageLinkStyle = 'migration' | 'page';

/**
 * The two ory/x link formatters: `migrationpagination` puts all four parameters on every link,
 * `pagepagination` only `page` and `per_page`.
 */
function pageLink(style: PageLinkStyle, url: LinkBase, rel: string, perPage: number, offset: number): string {
  const page = String(Math.floor(offset / perPage));
  const href =
    style === 'migration'
      ? withQuery(url, {
          page_size: String(perPage),
          page_token: pageToken(offset),
          per_page: String(perPage),
          page,
        })
      : withQuery(url, { per_page: String(perPage), page });
  return `<${href}>; rel="${rel}"`;
}

/** `pagination.HeaderWithFormatter`. */
export function pageLinkHeader(
  url: LinkBase,
  total: number,
  page: number,
  perPage: number,
  style: PageLinkStyle = 'migration',
): string {
  const migrationLink = (base: LinkBase, rel: string, size: number, offset: number): string =>
    pageLink(style, base, rel, size, offset);
  const size = Math.max(perPage, 1);
  const offset = page * size;
  const lastOffset = total % size === 0 ? total - size : Math.floor(total / size) * size;
  if (offset >= lastOffset) {
    if (total === 0) {
      return [
        migrationLink(url, 'first', size, 0),
        migrationLink(url, 'next', size, (Math.floor(offset / size) + 1) * size),
        migrationLink(url, 'prev', size, (Math.floor(offset / size) - 1) * size),
      ].join(',');
    }
    if (total <= size) return migrationLink(url, 'first', total, 0);
    return [migrationLink(url, 'first', size, 0), migrationLink(url, 'prev', size, lastOffset - size)].join(
      ',',
    );
  }
  if (offset < size) {
    return [migrationLink(url, 'next', size, size), migrationLink(url, 'last', size, lastOffset)].join(',');
  }
  return [
    migrationLink(url, 'first', size, 0),
    migrationLink(url, 'next', size, (Math.floor(offset / size) + 1) * size),
    migrationLink(url, 'prev', size, (Math.floor(offset / size) - 1) * size),
    migrationLink(url, 'last', size, lastOffset),
  ].join(',');
}
