/** Health checks (both listeners, `oryx/healthx`) and `/version` (admin only in Kratos). */
import type { RequestContext } from '../http/requestContext';
import { sendJson } from '../http/respond';
import type { Router } from '../http/router';

export const KRATOS_VERSION = 'v26.2.0';

const ok = (ctx: RequestContext): void => {
  sendJson(ctx, 200, { status: 'ok' });
};

export function registerHealthRoutes(router: Router, prefix: '' | '/admin'): void {
  router.get(`${prefix}/health/alive`, ok);
  router.get(`${prefix}/health/ready`, ok);
}

export function registerVersionRoute(router: Router): void {
  router.get('/admin/version', (ctx) => {
    sendJson(ctx, 200, { version: KRATOS_VERSION });
  });
}
