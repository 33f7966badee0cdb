/**
 * The opaque keyset token of `GET /admin/sessions` (ory/x `keysetpagination.MapPageToken`):
 * unpadded standard base64 of `id=<uuid>/created_at=<time>`, the time in Kratos'
 * `MapPaginationDateFormat` (`2006-01-02 15:04:05.99999`, UTC).
 */
export interface SessionPageToken {
  readonly id: string;
  readonly createdAt: string;
}

/** `Session.DefaultPageToken()`: the nil UUID and a creation time far in the future. */
export const FIRST_SESSION_PAGE: SessionPageToken = {
  id: '00000000-0000-0000-0000-000000000000',
  createdAt: '2200-12-31 23:59:59',
};

/** Go's `.99999` layout: up to five fractional digits, trailing zeros (and a bare dot) dropped. */
export function mapPaginationDate(date: Date): string {
  const iso = date.toISOString(); // 2026-03-20T11:01:06.120Z
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}`;
}

export function parseMapPaginationDate(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(value);
  if (!match) return undefined;
  const date = new Date(`${match[1] ?? ''}T${match[2] ?? ''}${(match[3] ?? '').slice(0, 4)}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function encodeSessionPageToken(token: SessionPageToken): string {
  return Buffer.from(`id=${token.id}/created_at=${token.createdAt}`, 'utf8')
    .toString('base64')
    .replace(/=+$/, '');
}

/** `NewMapPageToken`: `undefined` when the text is not unpadded standard base64. */
export function decodeSessionPageToken(text: string): Map<string, string> | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) return undefined;
  const fields = new Map<string, string>();
  for (const part of Buffer.from(text, 'base64').toString('utf8').split('/')) {
    const eq = part.indexOf('=');
    if (eq !== -1) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return fields;
}
