/** `GET /self-service/errors?id=` (`selfservice/errorx`): error containers for the error UI. */
import { resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { goTime } from '../time';

function getSelfServiceError(ctx: RequestContext): void {
  const id = ctx.query.get('id') ?? '';
  const now = goTime(ctx.deps.now());
  if (id === 'stub:500') {
    sendJson(ctx, 200, {
      id,
      error: {
        code: 500,
        status: 'Internal Server Error',
        reason: 'This is a stub error.',
        message: 'An internal server error occurred, please contact the system administrator',
      },
      created_at: now,
      updated_at: now,
    });
    return;
  }
  const container = ctx.deps.store.getError(id);
  if (!container) {
    sendError(ctx, resourceNotFound());
    return;
  }
  const created = goTime(container.createdAt);
  sendJson(ctx, 200, { id: container.id, error: container.error, created_at: created, updated_at: created });
}

export function registerErrorRoutes(router: Router): void {
  router.get('/self-service/errors', getSelfServiceError);
}
