/**
 * Browser logout (`selfservice/flow/logout/handler.go`): `GET /self-service/logout/browser` hands
 * out the session's logout URL and token; `GET /self-service/logout?token=` revokes the session,
 * deletes the session cookie and rotates the CSRF cookie. Errors are JSON for JSON requests and
 * go to the error UI otherwise.
 */
import { regenerateCsrfToken } from '../csrf/csrf';
import { goEncodeQuery } from '../admin/pagination';
import { newLogoutToken } from '../crypto/tokens';
import { forwardError } from '../flow/errorForwarding';
import { validatedReturnTo } from '../flow/flowRequest';
import { badRequest, forbidden, HerodotError } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendEmpty, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { clearSessionCookie } from './sessionCookie';
import { fetchSession } from './sessionLookup';

const sessionInactive = (): HerodotError =>
  new HerodotError({
    code: 401,
    id: 'session_inactive',
    reason: 'No active session was found in this request.',
    message: 'request does not have a valid authentication session',
  });

function createBrowserLogoutFlow(ctx: RequestContext): void {
  const active = fetchSession(ctx);
  if (!active) {
    forwardError(ctx, undefined, sessionInactive());
    return;
  }
  let returnTo: string | undefined;
  try {
    returnTo = validatedReturnTo(ctx);
  } catch (error) {
    forwardError(ctx, undefined, error);
    return;
  }
  const token = (active.session.logoutToken ??= newLogoutToken());
  const query = new URLSearchParams({ token });
  if (returnTo !== undefined) query.set('return_to', returnTo);
  // Always JSON, whatever `Accept` says.
  sendJson(ctx, 200, {
    logout_url: `${ctx.deps.config.publicBaseUrl}self-service/logout?${goEncodeQuery(query)}`,
    logout_token: token,
  });
}

function updateLogoutFlow(ctx: RequestContext): void {
  const token = ctx.query.get('token') ?? '';
  if (token === '') {
    forwardError(ctx, undefined, badRequest('Please include a token in the URL query.'));
    return;
  }
  const active = fetchSession(ctx);
  if (!active) {
    forwardError(ctx, undefined, sessionInactive());
    return;
  }
  if (active.session.logoutToken !== token) {
    forwardError(
      ctx,
      undefined,
      forbidden(
        'Unable to log out because the logout token in the URL query does not match the session cookie.',
      ),
    );
    return;
  }
  let returnTo: string | undefined;
  try {
    returnTo = validatedReturnTo(ctx);
  } catch (error) {
    forwardError(ctx, undefined, error);
    return;
  }
  active.session.active = false;
  clearSessionCookie(ctx);
  regenerateCsrfToken(ctx);
  if (isJsonRequest(ctx)) sendEmpty(ctx, 204);
  else redirect(ctx, 303, returnTo ?? ctx.deps.config.logoutReturnUrl);
}

export function registerBrowserLogoutRoutes(router: Router): void {
  router.get('/self-service/logout/browser', createBrowserLogoutFlow);
  router.get('/self-service/logout', updateLogoutFlow);
}
