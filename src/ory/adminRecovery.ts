/** Recovery codes and links created by an administrator (`createRecoveryCodeForIdentity` / `...LinkForIdentity`). */
import type { RecoveryCodeForIdentity, RecoveryLinkForIdentity } from '@ory/client';
import type { AdminCaller } from './adminCaller';

export type { RecoveryCodeForIdentity, RecoveryLinkForIdentity };

export class AdminRecovery {
  constructor(private readonly caller: AdminCaller) {}

  code(
    identityId: string,
    options: { expiresIn?: string | null; flowType?: 'api' | 'browser' | null },
  ): Promise<RecoveryCodeForIdentity> {
    return this.caller.read('createRecoveryCodeForIdentity', (o) =>
      this.caller.clients.admin.createRecoveryCodeForIdentity(
        {
          createRecoveryCodeForIdentityBody: {
            identity_id: identityId,
            expires_in: options.expiresIn ?? undefined,
            flow_type: options.flowType ?? undefined,
          },
        },
        o,
      ),
    );
  }

  link(
    identityId: string,
    options: { expiresIn?: string | null; returnTo?: string | null },
  ): Promise<RecoveryLinkForIdentity> {
    return this.caller.read('createRecoveryLinkForIdentity', (o) =>
      this.caller.clients.admin.createRecoveryLinkForIdentity(
        {
          returnTo: options.returnTo ?? undefined,
          createRecoveryLinkForIdentityBody: {
            identity_id: identityId,
            expires_in: options.expiresIn ?? undefined,
          },
        },
        o,
      ),
    );
  }
}
