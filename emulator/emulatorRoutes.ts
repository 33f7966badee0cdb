/**
 * Emulator-only endpoints (no Kratos equivalent), on the admin listener:
 * `GET /emulator/requests` lists the request log, `DELETE /emulator/requests` clears it; fault
 * injection and connection counts live under `/emulator/faults` and `/emulator/connections`
 * (`faults/faultRoutes.ts`), the session JWT templates' public keys at `/emulator/tokenizer/jwks.json`
 * (`session/tokenizerKeysRoute.ts`). Requests to these paths are not themselves logged.
 */
import { registerFaultRoutes } from './faults/faultRoutes';
import type { RequestContext } from './http/requestContext';
import { sendEmpty, sendJson } from './http/respond';
import type { Router } from './http/router';
import { registerTokenizerKeysRoute } from './session/tokenizerKeysRoute';

export const EMULATOR_PATH_PREFIX = '/admin/emulator/';

export function registerEmulatorRoutes(router: Router): void {
  router.get('/admin/emulator/requests', (ctx: RequestContext) => {
    sendJson(ctx, 200, ctx.deps.requestLog.entries());
  });
  router.delete('/admin/emulator/requests', (ctx: RequestContext) => {
    ctx.deps.requestLog.clear();
    sendEmpty(ctx, 204);
  });
  registerFaultRoutes(router);
  registerTokenizerKeysRoute(router);
}
