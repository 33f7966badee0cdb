/** Ory's session administration (`IdentityApi`): list, read, revoke, extend. */
import type { AdminCaller } from './adminCaller';
import type { OryPage, Session } from './models';
import { OryError } from './oryError';
import { numberedPage, toPage } from './pagination';
import { fromOryError } from '../errors';

export class AdminSessions {
  constructor(private readonly caller: AdminCaller) {}

  /** One session, active or not, with its identity; `null` when Ory does not know it. */
  get(id: string): Promise<Session | null> {
    return this.caller.readOrNull('getSession', (o) =>
      this.api.getSession({ id, expand: ['identity', 'devices'] }, o),
    );
  }

  /** All sessions, newest first; Ory embeds each session's identity, so a list costs one call. */
  async list(pageSize: number, pageToken: string | null, active: boolean | null): Promise<OryPage<Session>> {
    const response = await this.caller.fetch(
      'listSessions',
      (o) =>
        this.api.listSessions(
          {
            pageSize,
            pageToken: pageToken ?? undefined,
            active: active ?? undefined,
            expand: ['identity', 'devices'],
          },
          o,
        ),
      { shape: 'array', idempotent: true },
    );
    return toPage(response, pageToken, pageSize);
  }

  /** One page of an identity's sessions, active and inactive (a page-numbered list). */
  ofIdentity(
    identityId: string,
    pageSize: number,
    pageToken: string | null,
    active: boolean | null,
  ): Promise<OryPage<Session>> {
    return numberedPage(
      (page, perPage) =>
        this.caller.fetch(
          'listIdentitySessions',
          (o) =>
            this.api.listIdentitySessions({ id: identityId, page, perPage, active: active ?? undefined }, o),
          { shape: 'array', idempotent: true },
        ),
      pageToken,
      pageSize,
    );
  }

  async disable(id: string): Promise<void> {
    await this.caller.fetch('disableSession', (o) => this.api.disableSession({ id }, o), { shape: 'none' });
  }

  extend(id: string): Promise<Session> {
    return this.caller.read('extendSession', (o) => this.api.extendSession({ id }, o));
  }

  /** Deletes every session of the identity; `false` when it had none (Ory answers 404 then). */
  async deleteOfIdentity(identityId: string): Promise<boolean> {
    try {
      await this.caller.call(
        'deleteIdentitySessions',
        (o) => this.api.deleteIdentitySessions({ id: identityId }, o),
        { shape: 'none' },
      );
      return true;
    } catch (error) {
      if (error instanceof OryError && error.status === 404) return false;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  private get api() {
    return this.caller.clients.admin;
  }
}
