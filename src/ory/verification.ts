/** Ory's verification flow with the `code` method (answers like recovery: the flow, with its `state`). */
import type { CallMode, OryCaller } from './caller';
import type { VerificationFlow, VerificationOutcome } from './models';
import { OryError } from './oryError';
import { isVerificationFlow, replacementOutcome } from './outcomes';
import { opt, type CodeMethod, type SubmitCommon } from './submit';

export class VerificationApi {
  constructor(private readonly caller: OryCaller) {}

  create(mode: CallMode, options: { returnTo?: string | null }): Promise<VerificationFlow> {
    this.caller.flowMode(mode);
    const { api } = this;
    const params = { returnTo: opt(options.returnTo) };
    return mode === 'browser'
      ? this.caller.read(
          'createBrowserVerificationFlow',
          mode,
          (o) => api.createBrowserVerificationFlow(params, o),
          { idempotent: true },
        )
      : this.caller.read(
          'createNativeVerificationFlow',
          mode,
          (o) => api.createNativeVerificationFlow(params, o),
          { idempotent: true },
        );
  }

  get(id: string): Promise<VerificationFlow> {
    return this.caller.read(
      'getVerificationFlow',
      this.caller.mode,
      (o) => this.api.getVerificationFlow({ id }, o),
      { idempotent: true },
    );
  }

  async submit(flow: string, method: CodeMethod & SubmitCommon): Promise<VerificationOutcome> {
    const body = {
      method: 'code' as const,
      email: opt(method.email),
      code: opt(method.code),
      csrf_token: opt(method.csrfToken),
      transient_payload: opt(method.transientPayload),
    };
    try {
      const mode = this.caller.submitMode(method.csrfToken);
      const { data } = await this.caller.call('updateVerificationFlow', mode, (o) =>
        this.api.updateVerificationFlow({ flow, updateVerificationFlowBody: body }, o),
      );
      return { __typename: 'VerificationFlow', ...data };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isVerificationFlow(error.body)) {
        return { __typename: 'VerificationFlow', ...error.body };
      }
      return replacementOutcome(error, 'verification');
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
