/**
 * The two routers, assembled explicitly (no directory scanning). Admin routes are registered
 * under `/admin`; the admin listener adds the prefix when a request lacks it. Cross-port calls get
 * Kratos' 307 redirects (`x/redir/port_redirect.go`).
 */
import { registerIdentityRoutes } from './admin/identityRoutes';
import { registerEmulatorRoutes } from './emulatorRoutes';
import type { RequestContext } from './http/requestContext';
import { redirect } from './http/respond';
import { Router } from './http/router';
import { registerLoginRoutes } from './login/loginRoutes';
import { registerErrorRoutes } from './public/errorRoutes';
import { registerHealthRoutes, registerVersionRoute } from './public/healthRoutes';
import { registerSchemaRoutes } from './public/schemaRoutes';
import { registerRegistrationRoutes } from './registration/registrationRoutes';
import { registerLogoutRoutes } from './session/logoutRoutes';
import { registerSessionRoutes } from './session/sessionRoutes';

function withQuery(ctx: RequestContext, path: string): string {
  return `${path}${ctx.rawQuery === '' ? '' : `?${ctx.rawQuery}`}`;
}

/** Admin-only routes hit on the public port go to the admin base URL. */
function toAdmin(ctx: RequestContext): void {
  const path = ctx.path.startsWith('/admin/') ? ctx.path : `/admin${ctx.path}`;
  redirect(ctx, 307, withQuery(ctx, new URL(path.slice(1), ctx.deps.config.adminBaseUrl).toString()));
}

/** Self-service routes hit on the admin port go to the public base URL. */
function toPublic(ctx: RequestContext): void {
  const path = ctx.path.replace(/^\/admin/, '');
  redirect(ctx, 307, withQuery(ctx, new URL(path.slice(1), ctx.deps.config.publicBaseUrl).toString()));
}

const SELF_SERVICE_GETS = [
  '/self-service/login/api',
  '/self-service/login/flows',
  '/self-service/registration/api',
  '/self-service/registration/flows',
  '/self-service/errors',
  '/schemas',
  '/schemas/{id}',
];

export function publicRouter(): Router {
  const router = new Router();
  registerHealthRoutes(router, '');
  registerSchemaRoutes(router);
  registerErrorRoutes(router);
  registerLoginRoutes(router);
  registerRegistrationRoutes(router);
  registerLogoutRoutes(router);
  registerSessionRoutes(router);
  for (const prefix of ['', '/admin']) {
    router.get(`${prefix}/identities`, toAdmin).post(`${prefix}/identities`, toAdmin);
    router.get(`${prefix}/identities/{id}`, toAdmin).delete(`${prefix}/identities/{id}`, toAdmin);
  }
  return router;
}

export function adminRouter(): Router {
  const router = new Router();
  registerHealthRoutes(router, '/admin');
  registerVersionRoute(router);
  registerIdentityRoutes(router);
  registerEmulatorRoutes(router);
  for (const path of SELF_SERVICE_GETS) router.get(`/admin${path}`, toPublic);
  router.post('/admin/self-service/login', toPublic).post('/admin/self-service/registration', toPublic);
  router.get('/admin/sessions/whoami', toPublic);
  return router;
}
