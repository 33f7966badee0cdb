/** A request URL (`/graphql?query=...`) split into its path and its query string (with the `?`, or empty). */
export function splitRequestUrl(url: string | undefined): { path: string; search: string } {
  if (url === undefined) return { path: '/', search: '' };
  const start = url.indexOf('?');
  return start < 0 ? { path: url, search: '' } : { path: url.slice(0, start), search: url.slice(start) };
}
