/**
 * The two routers, assembled explicitly (no directory scanning). Admin routes are registered
 * under `/admin`; the admin listener adds the prefix when a request lacks it. Cross-port calls get
 * Kratos' 307 redirects (`x/redir/port_redirect.go`).
 */
import { AdminRouter } from './admin/adminAuth';
import { registerIdentityRoutes } from './admin/identityRoutes';
import { registerAdminSessionRoutes } from './admin/sessionRoutes';
import { registerCourierRoutes } from './courier/courierRoutes';
import { registerEmulatorRoutes } from './emulatorRoutes';
import type { RequestContext } from './http/requestContext';
import { redirect } from './http/respond';
import { Router } from './http/router';
import { registerLoginRoutes } from './login/loginRoutes';
import { registerErrorRoutes } from './public/errorRoutes';
import { registerHealthRoutes, registerVersionRoute } from './public/healthRoutes';
import { registerSchemaRoutes } from './public/schemaRoutes';
import { registerAdminRecoveryRoutes } from './recovery/adminRecoveryRoutes';
import { registerRecoveryRoutes } from './recovery/recoveryRoutes';
import { registerRegistrationRoutes } from './registration/registrationRoutes';
import { registerBrowserLogoutRoutes } from './session/browserLogoutRoutes';
import { registerLogoutRoutes } from './session/logoutRoutes';
import { registerMySessionsRoutes } from './session/mySessionsRoutes';
import { registerSessionRoutes } from './session/sessionRoutes';
import { registerTokenExchangeRoute } from './session/tokenExchange';
import { registerOidcRoutes } from './oidc/oidcRoutes';
import { registerSettingsRoutes } from './settings/settingsRoutes';
import { registerVerificationRoutes } from './verification/verificationRoutes';

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
  '/self-service/login/browser',
  '/self-service/registration/browser',
  '/self-service/settings/api',
  '/self-service/settings/browser',
  '/self-service/settings/flows',
  '/self-service/recovery/api',
  '/self-service/recovery/browser',
  '/self-service/recovery/flows',
  '/self-service/verification/api',
  '/self-service/verification/browser',
  '/self-service/verification/flows',
  '/self-service/logout/browser',
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
  registerTokenExchangeRoute(router);
  registerOidcRoutes(router);
  registerSettingsRoutes(router);
  registerRecoveryRoutes(router);
  registerVerificationRoutes(router);
  registerBrowserLogoutRoutes(router);
  // After whoami: `DELETE /sessions/whoami` belongs to whoami, not to `/sessions/{id}`.
  registerMySessionsRoutes(router);
  for (const prefix of ['', '/admin']) {
    router.get(`${prefix}/identities`, toAdmin).post(`${prefix}/identities`, toAdmin);
    router.get(`${prefix}/identities/{id}`, toAdmin).delete(`${prefix}/identities/{id}`, toAdmin);
    router
      .add('PUT', `${prefix}/identities/{id}`, toAdmin)
      .add('PATCH', `${prefix}/identities/{id}`, toAdmin);
    router.get(`${prefix}/identities/by/external/{externalID}`, toAdmin);
    router.delete(`${prefix}/identities/{id}/credentials/{type}`, toAdmin);
  }
  router.delete('/identities/{id}/sessions', toAdmin);
  router.get('/admin/courier/messages', toAdmin).get('/admin/courier/messages/{id}', toAdmin);
  router.post('/admin/recovery/code', toAdmin).post('/admin/recovery/link', toAdmin);
  router.post('/recovery/code', toAdmin).post('/recovery/link', toAdmin);
  return router;
}

export function adminRouter(): Router {
  const router = new AdminRouter();
  registerHealthRoutes(router, '/admin');
  registerVersionRoute(router);
  registerIdentityRoutes(router);
  registerEmulatorRoutes(router);
  for (const path of SELF_SERVICE_GETS) router.get(`/admin${path}`, toPublic);
  for (const kind of ['login', 'registration', 'settings', 'recovery', 'verification']) {
    router.post(`/admin/self-service/${kind}`, toPublic);
  }
  router.get('/admin/sessions/whoami', toPublic);
  registerAdminSessionRoutes(router);
  registerCourierRoutes(router);
  registerAdminRecoveryRoutes(router);
  return router;
}
