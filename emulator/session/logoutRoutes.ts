/**
 * Native logout (`selfservice/flow/logout/handler.go` `performNativeLogout`):
 * `DELETE /self-service/logout/api` with `{"session_token": "..."}` revokes that session.
 */
import { stringField } from '../json';
import { CONTENT_TYPE_JSON, decodeBody } from '../http/body';
import { forbidden, HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendEmpty, sendError } from '../http/respond';
import type { Router } from '../http/router';

async function performNativeLogout(ctx: RequestContext): Promise<void> {
  let token: string;
  try {
    const body = await decodeBody(ctx, {
      allowedMethods: ['DELETE'],
      allowedContentTypes: [CONTENT_TYPE_JSON],
      fields: new Map(),
      plainJson: { goType: 'logout.performNativeLogoutBody', stringFields: ['session_token'] },
    });
    token = stringField(body, 'session_token');
  } catch (error) {
    if (error instanceof HerodotError) {
      sendError(ctx, error);
      return;
    }
    throw error;
  }
  // The lookup ignores `active`, so revoking a revoked session still succeeds.
  const session = token === '' ? undefined : ctx.deps.store.findSessionByToken(token);
  if (!session) {
    sendError(
      ctx,
      forbidden('The provided Ory Session Token could not be found, is invalid, or otherwise malformed.'),
    );
    return;
  }
  session.active = false;
  sendEmpty(ctx, 204);
}

export function registerLogoutRoutes(router: Router): void {
  router.delete('/self-service/logout/api', performNativeLogout);
}
