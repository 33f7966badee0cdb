/** The caller's own sessions: whoami (`toSession`), `listMySessions`, `disableMySession(s)`. */
import type { OryCaller } from './caller';
import type { LoginSuccess, OryPage, Session } from './models';
import { continueWithFor } from './outcomes';
import { OryError } from './oryError';
import { numberedPage } from './pagination';
import { fromOryError } from '../errors';

/** Kratos's largest page of `/sessions` (`x.MaxItemsPerPage`). */
const MAX_SESSIONS_PAGE = 500;

export class SessionsApi {
  constructor(private readonly caller: OryCaller) {}

  /**
   * The caller's session, or `null` when Ory says there is none (401). `fresh` bypasses Ory Network's edge
   * session cache (`Cache-Control: max-age=0`), for decisions such as admin access that must see revocations.
   */
  async whoami(fresh = false): Promise<Session | null> {
    if (!this.caller.hasCredentials) return null;
    try {
      const { data } = await this.caller.call(
        'toSession',
        this.caller.mode,
        (o) => this.api.toSession({}, o),
        { idempotent: true, headers: fresh ? { 'Cache-Control': 'max-age=0' } : {} },
      );
      return data;
    } catch (error) {
      if (error instanceof OryError && error.status === 401) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  /** One page of the caller's other sessions (Ory excludes the current one); a page-numbered list. */
  list(pageSize: number, pageToken: string | null): Promise<OryPage<Session>> {
    return numberedPage(
      (page, perPage) =>
        this.caller.fetch(
          'listMySessions',
          this.caller.mode,
          (o) => this.api.listMySessions({ page, perPage }, o),
          { shape: 'array', idempotent: true, requiresSession: true },
        ),
      pageToken,
      pageSize,
    );
  }

  /**
   * Whether `id` is one of the caller's other active sessions. Ory's `disableMySession` answers 204 for any id
   * (it revokes only the caller's own sessions, silently doing nothing otherwise), so ownership is checked on
   * the caller's own list first: usually one page.
   */
  async owns(id: string): Promise<boolean> {
    let token: string | null = null;
    do {
      const page: OryPage<Session> = await this.list(MAX_SESSIONS_PAGE, token);
      if (page.items.some((session) => session.id === id)) return true;
      token = page.nextPageToken;
    } while (token !== null);
    return false;
  }

  /** Revokes one of the caller's other sessions (a no-op in Ory for ids that are not; see `owns`). */
  async disable(id: string): Promise<void> {
    await this.caller.fetch(
      'disableMySession',
      this.caller.mode,
      (o) => this.api.disableMySession({ id }, o),
      { shape: 'none', requiresSession: true },
    );
  }

  /**
   * A native app's session after a browser-based step (Ory `exchangeSessionToken`): the flow's exchange code and
   * the code Ory appended to the app's return URL. Each pair works once.
   */
  async exchangeToken(initCode: string, returnToCode: string): Promise<LoginSuccess> {
    const data = await this.caller.read('exchangeSessionToken', 'native', (o) =>
      this.api.exchangeSessionToken({ initCode, returnToCode }, o),
    );
    return {
      session: data.session,
      sessionToken: data.session_token ?? null,
      continueWith: continueWithFor('native', data.continue_with),
    };
  }

  /** Revokes every session but the current one; returns how many Ory revoked. */
  async disableOthers(): Promise<number> {
    const data = await this.caller.read(
      'disableMyOtherSessions',
      this.caller.mode,
      (o) => this.api.disableMyOtherSessions({}, o),
      { requiresSession: true },
    );
    return data.count ?? 0;
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
