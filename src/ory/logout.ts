/**
 * Signing out. Native callers revoke their session token (`performNativeLogout`); browser callers get a logout
 * flow (`createBrowserLogoutFlow`) and complete it (`updateLogoutFlow`), which clears Ory's session cookie.
 */
import type { OryCaller } from './caller';
import type { LogoutFlow } from './models';
import { OryError } from './oryError';
import { ErrorCode, apiError, fromOryError } from '../errors';
import { opt } from './submit';

export class LogoutApi {
  constructor(private readonly caller: OryCaller) {}

  /** A logout URL and token for a browser caller (Ory `createBrowserLogoutFlow`). */
  createFlow(returnTo?: string | null): Promise<LogoutFlow> {
    return this.caller.read(
      'createBrowserLogoutFlow',
      'browser',
      (o) => this.api.createBrowserLogoutFlow({ returnTo: opt(returnTo) }, o),
      { idempotent: true },
    );
  }

  /**
   * Ends the caller's session. A browser caller may pass the token from `createFlow`; otherwise one is fetched
   * first. Ory's 401/403 (no session, unknown token) mean the caller was not signed in.
   */
  async logout(options: { logoutToken?: string | null; returnTo?: string | null }): Promise<void> {
    try {
      if (this.caller.mode === 'browser') {
        const token = options.logoutToken ?? (await this.createFlow(options.returnTo)).logout_token;
        await this.caller.call(
          'updateLogoutFlow',
          'browser',
          (o) => this.api.updateLogoutFlow({ token, returnTo: opt(options.returnTo) }, o),
          { shape: 'none' },
        );
        return;
      }
      const sessionToken = this.caller.sessionToken;
      if (sessionToken === null) throw apiError(ErrorCode.UNAUTHENTICATED);
      await this.caller.call(
        'performNativeLogout',
        'native',
        (o) => this.api.performNativeLogout({ performNativeLogoutBody: { session_token: sessionToken } }, o),
        { shape: 'none' },
      );
    } catch (error) {
      if (error instanceof OryError && (error.status === 401 || error.status === 403)) {
        throw apiError(ErrorCode.UNAUTHENTICATED);
      }
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
