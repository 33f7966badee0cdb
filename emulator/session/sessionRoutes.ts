/**
 * `/sessions/whoami` (`session/handler.go`): the caller's session with its identity, the id-less
 * 401 Kratos answers for missing/invalid credentials, or the 403 `session_aal2_required` when the
 * session's assurance level falls short of `session.whoami.required_aal`.
 */
import { unauthorized } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { sessionAalError } from './assurance';
import { sessionJson } from './session';
import { fetchSession } from './sessionLookup';

function whoami(ctx: RequestContext): void {
  const active = fetchSession(ctx);
  if (!active) {
    sendError(ctx, unauthorized('No valid session credentials found in the request.'));
    return;
  }
  const { config } = ctx.deps;
  // `session.whoami.required_aal`: an aal1 session of an identity with a second factor is refused.
  const aalError = sessionAalError(config, active.session, active.identity, config.whoamiRequiredAal);
  if (aalError) {
    sendError(ctx, aalError);
    return;
  }
  sendJson(
    ctx,
    200,
    sessionJson(active.session, active.identity, {
      publicBaseUrl: config.publicBaseUrl,
      now: ctx.deps.now(),
    }),
    { 'X-Kratos-Authenticated-Identity-Id': active.identity.id },
  );
}

/** Kratos routes whoami for nearly every method (`DELETE` included). */
const WHOAMI_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export function registerSessionRoutes(router: Router): void {
  router.any(WHOAMI_METHODS, '/sessions/whoami', whoami);
}
