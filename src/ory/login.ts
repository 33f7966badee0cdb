/** Ory's login flow (`createNativeLoginFlow` / `createBrowserLoginFlow`, `getLoginFlow`, `updateLoginFlow`). */
import type { CallMode, OryCaller } from './caller';
import type { LoginFlow, LoginOutcome } from './models';
import { OryError } from './oryError';
import { continueWithFor, isLoginFlow, nonFlowOutcome } from './outcomes';
import { opt, type SubmitCommon } from './submit';

export interface CreateLoginOptions {
  refresh?: boolean | null;
  aal?: string | null;
  returnTo?: string | null;
}

export interface PasswordLogin extends SubmitCommon {
  identifier: string;
  password: string;
}

export class LoginApi {
  constructor(private readonly caller: OryCaller) {}

  create(mode: CallMode, options: CreateLoginOptions): Promise<LoginFlow> {
    this.caller.flowMode(mode);
    const { api } = this;
    const params = { refresh: opt(options.refresh), aal: opt(options.aal), returnTo: opt(options.returnTo) };
    return mode === 'browser'
      ? this.caller.read('createBrowserLoginFlow', mode, (o) => api.createBrowserLoginFlow(params, o), {
          idempotent: true,
        })
      : this.caller.read('createNativeLoginFlow', mode, (o) => api.createNativeLoginFlow(params, o), {
          idempotent: true,
        });
  }

  get(id: string): Promise<LoginFlow> {
    return this.caller.read('getLoginFlow', this.caller.mode, (o) => this.api.getLoginFlow({ id }, o), {
      idempotent: true,
    });
  }

  async submit(flow: string, method: PasswordLogin): Promise<LoginOutcome> {
    const mode = this.caller.submitMode(method.csrfToken);
    const body = {
      method: 'password' as const,
      identifier: method.identifier,
      password: method.password,
      csrf_token: opt(method.csrfToken),
      transient_payload: opt(method.transientPayload),
    };
    try {
      const { data } = await this.caller.call('updateLoginFlow', mode, (o) =>
        this.api.updateLoginFlow({ flow, updateLoginFlowBody: body }, o),
      );
      return {
        __typename: 'LoginSuccess',
        session: data.session,
        // Browser flows sign in with Ory's cookie; a token must never reach a browser client.
        sessionToken: mode === 'native' ? (data.session_token ?? null) : null,
        continueWith: continueWithFor(mode, data.continue_with),
      };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isLoginFlow(error.body)) return { __typename: 'LoginFlow', ...error.body };
      return nonFlowOutcome(error, 'login');
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
