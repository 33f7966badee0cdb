/**
 * The caller's own sessions (`session/handler.go`): `GET /sessions` lists the *other* active
 * sessions, `DELETE /sessions` revokes them, `DELETE /sessions/{id}` revokes one (never the
 * current one). All three answer a missing session with the id-less 401 "No valid session cookie
 * found.".
 */
import { parseGoUuid } from '../admin/goUuid';
import { parseMigrationPagination, popOffset } from '../admin/migrationPagination';
import { pageLinkHeader } from '../admin/pagination';
import { badRequest, unauthorized } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { sessionAalError } from './assurance';
import { sessionJson, type Session } from './session';
import { fetchSession, type ActiveSession } from './sessionLookup';

function requireSession(ctx: RequestContext): ActiveSession | undefined {
  const active = fetchSession(ctx);
  if (!active) sendError(ctx, unauthorized('No valid session cookie found.'));
  return active;
}

/** Sessions of the caller's identity other than the current one. */
function otherSessions(ctx: RequestContext, active: ActiveSession): Session[] {
  return ctx.deps.store
    .allSessions()
    .filter((s) => s.identityId === active.identity.id && s.id !== active.session.id);
}

/**
 * List endpoints load the identity without its addresses and skip the `schema_url` injection
 * (`persistence/sql/persister_session.go`), so those fields are missing/empty here.
 */
function listedIdentityJson(ctx: RequestContext, identity: Identity): Record<string, unknown> {
  return {
    ...identityJson(identity, { publicBaseUrl: ctx.deps.config.publicBaseUrl }),
    schema_url: '',
    verifiable_addresses: undefined,
    recovery_addresses: undefined,
  };
}

function listMySessions(ctx: RequestContext): void {
  const active = requireSession(ctx);
  if (!active) return;
  const { config } = ctx.deps;
  const aalError = sessionAalError(config, active.session, active.identity, config.whoamiRequiredAal);
  if (aalError) {
    sendError(ctx, aalError);
    return;
  }
  const now = ctx.deps.now();
  const sessions = otherSessions(ctx, active)
    .filter((s) => s.active && s.expiresAt.getTime() > now.getTime())
    .reverse()
    .sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());
  const paging = parseMigrationPagination(ctx.query);
  const { page, perPage } = paging;
  // pop's `Paginate` is 1-based while Kratos passes its 0-based page: 0 and 1 are both the first.
  const offset = popOffset(paging);
  const items = sessions.slice(offset, offset + perPage).map((session) => ({
    ...sessionJson(session, active.identity, { publicBaseUrl: ctx.deps.config.publicBaseUrl, now }),
    identity: listedIdentityJson(ctx, active.identity),
  }));
  const link = pageLinkHeader(
    // Built from the request URL like Kratos: relative, with the caller's other query parameters.
    { origin: '', path: ctx.path, query: ctx.query },
    sessions.length,
    page,
    perPage,
  );
  sendJson(ctx, 200, items, { Link: link, 'X-Total-Count': String(sessions.length) });
}

function revokeMyOtherSessions(ctx: RequestContext): void {
  const active = requireSession(ctx);
  if (!active) return;
  // The count is of rows matched, which includes sessions revoked earlier (SQLite semantics).
  const others = otherSessions(ctx, active);
  for (const session of others) session.active = false;
  sendJson(ctx, 200, { count: others.length });
}

function revokeMySession(ctx: RequestContext): void {
  const active = requireSession(ctx);
  if (!active) return;
  const parsed = parseGoUuid(ctx.params.id ?? '');
  if (!parsed.ok) {
    sendError(ctx, badRequest().with({ message: parsed.error }));
    return;
  }
  if (parsed.id === active.session.id) {
    sendError(ctx, badRequest().with({ message: 'cannot revoke current session' }));
    return;
  }
  // Unknown ids and other identities' sessions are not an error: nothing matches, 204 anyway.
  for (const session of otherSessions(ctx, active)) if (session.id === parsed.id) session.active = false;
  // herodot's `WriteCode(w, r, 204, nil)`: no body, but a JSON Content-Type.
  sendEmpty(ctx, 204, { 'Content-Type': 'application/json; charset=utf-8' });
}

export function registerMySessionsRoutes(router: Router): void {
  router.get('/sessions', listMySessions);
  router.delete('/sessions', revokeMyOtherSessions);
  router.delete('/sessions/{id}', revokeMySession);
}
