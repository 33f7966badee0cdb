/**
 * The public routes of social sign-in: Kratos' callback (`GET`, and `POST` → 302 to `GET`) and the
 * built-in provider's emulator-only sign-in page and `id_token` minting.
 */
import type { Router } from '../http/router';
import { handleOidcCallback, redirectCallbackToGet } from './oidcCallback';
import { mintIdTokenForApp, showSignInPage, signIn } from './testProviderPage';

export function registerOidcRoutes(router: Router): void {
  router.get('/self-service/methods/oidc/callback/{provider}', handleOidcCallback);
  router.post('/self-service/methods/oidc/callback/{provider}', redirectCallbackToGet);
  router.get('/emulator/oidc/{provider}/authorize', showSignInPage);
  router.post('/emulator/oidc/{provider}/authorize', signIn);
  router.post('/emulator/oidc/{provider}/id-token', mintIdTokenForApp);
}
