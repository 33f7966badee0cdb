/**
 * Admin session endpoints (`session/handler.go` `RegisterAdminRoutes`): list, get, disable and
 * extend sessions, and list or delete an identity's sessions.
 */
import { resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendEmpty, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { Session } from '../session/session';
import { adminSessionJson } from './adminSessionJson';
import { deleteIdentitySessions, listIdentitySessions } from './identitySessions';
import { listSessions } from './listSessions';
import { parseExpand, pathUuid } from './sessionRequest';

function findSession(ctx: RequestContext, id: string): Session {
  const session = ctx.deps.store.allSessions().find((s) => s.id === id);
  if (!session) throw resourceNotFound();
  return session;
}

/** Kratos' `RedirectToPublicRoute`: the same path without `/admin` on the public base URL. */
function toPublic(ctx: RequestContext, path: string): void {
  const query = ctx.rawQuery === '' ? '' : `?${ctx.rawQuery}`;
  redirect(ctx, 307, new URL(`${path}${query}`, ctx.deps.config.publicBaseUrl).toString());
}

/** `GET /admin/sessions/{id}`: revoked and expired sessions too; devices only when expanded. */
function getSession(ctx: RequestContext): void {
  if (ctx.params.id === 'whoami') {
    toPublic(ctx, 'sessions/whoami');
    return;
  }
  const id = pathUuid(ctx, 'id');
  const expand = parseExpand(ctx.query);
  const session = findSession(ctx, id);
  const { config, store } = ctx.deps;
  sendJson(
    ctx,
    200,
    adminSessionJson(
      session,
      store.getIdentity(session.identityId),
      { identity: expand.identity ? 'full' : 'none', devices: expand.devices ? 'loaded' : 'empty' },
      { publicBaseUrl: config.publicBaseUrl, now: ctx.deps.now() },
    ),
  );
}

/** `DELETE /admin/sessions/{id}`: revokes (the row stays, `active` becomes false). */
function disableSession(ctx: RequestContext): void {
  const session = findSession(ctx, pathUuid(ctx, 'id'));
  session.active = false;
  // herodot's `WriteCode(w, r, 204, nil)`: no body, but a JSON Content-Type.
  sendEmpty(ctx, 204, { 'Content-Type': 'application/json; charset=utf-8' });
}

/**
 * `PATCH /admin/sessions/{id}/extend` without `faster_session_extend`: 200 with the session and its
 * identity. With `earliest_possible_extend` at its default (the lifespan) every call extends;
 * revoked sessions are extended too (the flag is not checked).
 */
function extendSession(ctx: RequestContext): void {
  const session = findSession(ctx, pathUuid(ctx, 'id'));
  const now = ctx.deps.now();
  const { config, store } = ctx.deps;
  if (session.expiresAt.getTime() - config.sessionLifespanMs < now.getTime()) {
    session.expiresAt = new Date(now.getTime() + config.sessionLifespanMs);
  }
  sendJson(
    ctx,
    200,
    adminSessionJson(
      session,
      store.getIdentity(session.identityId),
      { identity: 'full', devices: 'empty' },
      { publicBaseUrl: config.publicBaseUrl, now },
    ),
  );
}

export function registerAdminSessionRoutes(router: Router): void {
  router.get('/admin/sessions', listSessions);
  // Revoking "my other sessions" is a public (session-authenticated) endpoint.
  router.delete('/admin/sessions', (ctx) => {
    toPublic(ctx, 'sessions');
  });
  router.get('/admin/sessions/{id}', getSession);
  router.delete('/admin/sessions/{id}', disableSession);
  router.add('PATCH', '/admin/sessions/{id}/extend', extendSession);
  router.get('/admin/identities/{id}/sessions', listIdentitySessions);
  router.delete('/admin/identities/{id}/sessions', deleteIdentitySessions);
}
