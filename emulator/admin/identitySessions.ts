/**
 * `GET` and `DELETE /admin/identities/{id}/sessions` (`listIdentitySessions`,
 * `deleteIdentitySessions`). Listing an unknown identity is an empty page (the spec's 404 never
 * happens); deleting is a hard delete that answers 404 when nothing was deleted.
 */
import { resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty, sendJson } from '../http/respond';
import { adminSessionJson } from './adminSessionJson';
import { parseMigrationPagination, popOffset } from './migrationPagination';
import { pageLinkHeader } from './pagination';
import { matchesActive, parseActive, pathUuid, sessionsNewestFirst } from './sessionRequest';

export function listIdentitySessions(ctx: RequestContext): void {
  const identityId = pathUuid(ctx, 'id');
  const active = parseActive(ctx.query);
  const paging = parseMigrationPagination(ctx.query);
  const now = ctx.deps.now();
  const { store, config } = ctx.deps;

  const matching = sessionsNewestFirst(store.allSessions()).filter(
    (s) => s.identityId === identityId && matchesActive(s, active, now),
  );
  const offset = popOffset(paging);
  const identity = store.getIdentity(identityId);
  sendJson(
    ctx,
    200,
    matching
      .slice(offset, offset + paging.perPage)
      .map((session) =>
        adminSessionJson(
          session,
          identity,
          { identity: 'bare', devices: 'loaded' },
          { publicBaseUrl: config.publicBaseUrl, now },
        ),
      ),
    {
      Link: pageLinkHeader(
        { origin: '', path: ctx.path, query: ctx.query },
        matching.length,
        paging.page,
        paging.perPage,
      ),
      'X-Total-Count': String(matching.length),
    },
  );
}

export function deleteIdentitySessions(ctx: RequestContext): void {
  const identityId = pathUuid(ctx, 'id');
  if (ctx.deps.store.deleteSessionsOfIdentity(identityId) === 0) throw resourceNotFound();
  sendEmpty(ctx, 204);
}
