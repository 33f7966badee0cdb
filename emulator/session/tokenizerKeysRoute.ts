/**
 * Emulator-only: `GET /emulator/tokenizer/jwks.json` on the admin port, the public keys of the session JWT
 * templates as one JSON Web Key set, for routers and services that verify the JWTs. Kratos publishes no such
 * set (the operator publishes the public half of the keys it configured); with the emulator's generated keys
 * there is nothing else to point a verifier at. HMAC keys have no public half and are left out.
 */
import type { RequestContext } from '../http/requestContext';
import { sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { JsonObject } from '../json';

function tokenizerKeys(ctx: RequestContext): void {
  const keys = new Map<string, JsonObject>();
  for (const template of ctx.deps.config.tokenizerTemplates.values()) {
    const jwk = template.signer.publicJwk;
    // Templates may share a key set: list each key once.
    if (jwk !== null) keys.set(JSON.stringify(jwk), jwk);
  }
  sendJson(ctx, 200, { keys: [...keys.values()] });
}

export function registerTokenizerKeysRoute(router: Router): void {
  router.get('/admin/emulator/tokenizer/jwks.json', tokenizerKeys);
}
