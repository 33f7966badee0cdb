/**
 * `GET /admin/sessions` (`adminListSessions`): every session, newest first, keyset-paginated with
 * an opaque token (default 250, max 1000), filtered by `active`, expanded by `expand`.
 */
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendJson } from '../http/respond';
import type { Session } from '../session/session';
import { adminSessionJson } from './adminSessionJson';
import { keysetLinkHeader } from './pagination';
import { matchesActive, parseActive, parseExpand, sessionsNewestFirst } from './sessionRequest';
import {
  decodeSessionPageToken,
  encodeSessionPageToken,
  FIRST_SESSION_PAGE,
  mapPaginationDate,
  parseMapPaginationDate,
} from './sessionPageToken';
import { parseGoUuid } from './goUuid';

const DEFAULT_SIZE = 250;
const MAX_SIZE = 1000;

/** `keysetpagination.Parse` errors are all reported as a `page_size` problem. */
function unparsable(): never {
  throw badRequest().with({ message: 'could not parse parameter page_size' });
}

interface Cursor {
  readonly id: string;
  readonly createdAt: Date;
}

function parsePaging(query: URLSearchParams): { size: number; cursor: Cursor | undefined } {
  let fields: Map<string, string> | undefined;
  if (query.has('page_token')) {
    fields = decodeSessionPageToken(query.get('page_token') ?? '');
    if (!fields) unparsable();
  }
  let size = DEFAULT_SIZE;
  const rawSize = query.get('page_size') ?? '';
  if (rawSize !== '') {
    if (!/^[+-]?\d+$/.test(rawSize)) unparsable();
    size = Number.parseInt(rawSize, 10);
  }
  if (size < 1) size = DEFAULT_SIZE;
  size = Math.min(size, MAX_SIZE);

  const id = fields ? (fields.get('id') ?? '') : FIRST_SESSION_PAGE.id;
  const parsed = parseGoUuid(id);
  if (!parsed.ok) throw badRequest('The page token is invalid, do not craft your own page tokens');
  const createdAt = parseMapPaginationDate(fields?.get('created_at') ?? FIRST_SESSION_PAGE.createdAt);
  const isFirst = parsed.id === FIRST_SESSION_PAGE.id;
  return { size, cursor: isFirst ? undefined : { id: parsed.id, createdAt: createdAt ?? new Date(0) } };
}

/** Items after the cursor; a cursor whose session is gone resumes by creation time. */
function afterCursor(sessions: readonly Session[], cursor: Cursor | undefined): Session[] {
  if (!cursor) return [...sessions];
  const index = sessions.findIndex((s) => s.id === cursor.id);
  if (index !== -1) return sessions.slice(index + 1);
  return sessions.filter((s) => s.issuedAt.getTime() < cursor.createdAt.getTime());
}

export function listSessions(ctx: RequestContext): void {
  const { query } = ctx;
  const now = ctx.deps.now();
  const active = parseActive(query);
  const { size, cursor } = parsePaging(query);
  const expand = parseExpand(query);

  const matching = sessionsNewestFirst(ctx.deps.store.allSessions()).filter((s) =>
    matchesActive(s, active, now),
  );
  const rest = afterCursor(matching, cursor);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  const next =
    rest.length > size && last
      ? encodeSessionPageToken({ id: last.id, createdAt: mapPaginationDate(last.issuedAt) })
      : undefined;

  const { config, store } = ctx.deps;
  sendJson(
    ctx,
    200,
    page.map((session) =>
      adminSessionJson(
        session,
        store.getIdentity(session.identityId),
        {
          identity: expand.identity ? 'without-addresses' : 'none',
          devices: expand.devices ? 'loaded' : 'null',
        },
        { publicBaseUrl: config.publicBaseUrl, now },
      ),
    ),
    {
      Link: keysetLinkHeader(
        { origin: '', path: ctx.path, query },
        encodeSessionPageToken(FIRST_SESSION_PAGE),
        size,
        next,
      ),
    },
  );
}
