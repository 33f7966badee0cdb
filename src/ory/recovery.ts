/**
 * Ory's recovery flow with the `code` method. Ory answers wrong codes with 200 and the flow, so both a success
 * and most failures arrive as the flow; its `state` and messages tell them apart.
 */
import type { CallMode, OryCaller } from './caller';
import type { RecoveryFlow, RecoveryOutcome } from './models';
import { OryError } from './oryError';
import { continueWithFor, isRecoveryFlow, replacementOutcome } from './outcomes';
import { opt, type CodeMethod, type SubmitCommon } from './submit';

export class RecoveryApi {
  constructor(private readonly caller: OryCaller) {}

  create(mode: CallMode, options: { returnTo?: string | null }): Promise<RecoveryFlow> {
    this.caller.flowMode(mode);
    const { api } = this;
    const params = { returnTo: opt(options.returnTo) };
    return mode === 'browser'
      ? this.caller.read('createBrowserRecoveryFlow', mode, (o) => api.createBrowserRecoveryFlow(params, o), {
          idempotent: true,
        })
      : this.caller.read('createNativeRecoveryFlow', mode, (o) => api.createNativeRecoveryFlow(o), {
          idempotent: true,
        });
  }

  get(id: string): Promise<RecoveryFlow> {
    return this.caller.read('getRecoveryFlow', this.caller.mode, (o) => this.api.getRecoveryFlow({ id }, o), {
      idempotent: true,
    });
  }

  async submit(flow: string, method: CodeMethod & SubmitCommon): Promise<RecoveryOutcome> {
    const mode = this.caller.submitMode(method.csrfToken);
    const body = {
      method: 'code' as const,
      email: opt(method.email),
      code: opt(method.code),
      csrf_token: opt(method.csrfToken),
      transient_payload: opt(method.transientPayload),
    };
    try {
      const { data } = await this.caller.call('updateRecoveryFlow', mode, (o) =>
        this.api.updateRecoveryFlow({ flow, updateRecoveryFlowBody: body }, o),
      );
      return {
        __typename: 'RecoveryFlow',
        ...data,
        continue_with: continueWithFor(mode, data.continue_with),
      };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isRecoveryFlow(error.body))
        return { __typename: 'RecoveryFlow', ...error.body };
      return replacementOutcome(error, 'recovery');
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
