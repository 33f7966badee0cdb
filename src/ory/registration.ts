/** Ory's registration flow (`create*RegistrationFlow`, `getRegistrationFlow`, `updateRegistrationFlow`). */
import type { CallMode, OryCaller } from './caller';
import type { RegistrationFlow, RegistrationOutcome } from './models';
import { OryError } from './oryError';
import { continueWithFor, isRegistrationFlow, replacementOutcome } from './outcomes';
import { opt, type SubmitCommon } from './submit';

export interface PasswordRegistration extends SubmitCommon {
  password: string;
  traits: Record<string, unknown>;
}

export class RegistrationApi {
  constructor(private readonly caller: OryCaller) {}

  create(mode: CallMode, options: { returnTo?: string | null }): Promise<RegistrationFlow> {
    this.caller.flowMode(mode);
    const { api } = this;
    const params = { returnTo: opt(options.returnTo) };
    return mode === 'browser'
      ? this.caller.read(
          'createBrowserRegistrationFlow',
          mode,
          (o) => api.createBrowserRegistrationFlow(params, o),
          { idempotent: true },
        )
      : this.caller.read(
          'createNativeRegistrationFlow',
          mode,
          (o) => api.createNativeRegistrationFlow(params, o),
          { idempotent: true },
        );
  }

  get(id: string): Promise<RegistrationFlow> {
    return this.caller.read(
      'getRegistrationFlow',
      this.caller.mode,
      (o) => this.api.getRegistrationFlow({ id }, o),
      { idempotent: true },
    );
  }

  async submit(flow: string, method: PasswordRegistration): Promise<RegistrationOutcome> {
    const mode = this.caller.submitMode(method.csrfToken);
    const body = {
      method: 'password' as const,
      password: method.password,
      traits: method.traits,
      csrf_token: opt(method.csrfToken),
      transient_payload: opt(method.transientPayload),
    };
    try {
      const { data } = await this.caller.call('updateRegistrationFlow', mode, (o) =>
        this.api.updateRegistrationFlow({ flow, updateRegistrationFlowBody: body }, o),
      );
      return {
        __typename: 'RegistrationSuccess',
        identity: data.identity,
        session: data.session ?? null,
        sessionToken: mode === 'native' ? (data.session_token ?? null) : null,
        continueWith: continueWithFor(mode, data.continue_with),
      };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isRegistrationFlow(error.body)) {
        return { __typename: 'RegistrationFlow', ...error.body };
      }
      return replacementOutcome(error, 'registration');
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
