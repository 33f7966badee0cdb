/** Ory's login flow (`createNativeLoginFlow` / `createBrowserLoginFlow`, `getLoginFlow`, `updateLoginFlow`). */
import type { CallMode, OryCaller } from './caller';
import type { LoginFlow, LoginOutcome, SuccessfulNativeLogin, UpdateLoginFlowBody } from './models';
import { continueWithFor, isLoginFlow, isLoginSuccess } from './outcomes';
import { SelfServiceFlow, csrfTokenOf, type CreateFlowOptions, type FlowEndpoints } from './selfServiceFlow';

export const LOGIN: FlowEndpoints<LoginFlow, UpdateLoginFlowBody, SuccessfulNativeLogin> = {
  kind: 'login',
  names: {
    createNative: 'createNativeLoginFlow',
    createBrowser: 'createBrowserLoginFlow',
    get: 'getLoginFlow',
    update: 'updateLoginFlow',
  },
  createNative: (options) => (api, o) => api.createNativeLoginFlow(options, o),
  createBrowser:
    ({ refresh, aal, returnTo }) =>
    (api, o) =>
      api.createBrowserLoginFlow({ refresh, aal, returnTo }, o),
  get: (id) => (api, o) => api.getLoginFlow({ id }, o),
  update: (flow, body) => (api, o) => api.updateLoginFlow({ flow, updateLoginFlowBody: body }, o),
  isFlow: isLoginFlow,
  isDone: isLoginSuccess,
};

export class LoginApi {
  private readonly flow: SelfServiceFlow<LoginFlow, UpdateLoginFlowBody, SuccessfulNativeLogin>;

  constructor(private readonly caller: OryCaller) {
    this.flow = new SelfServiceFlow(caller, LOGIN);
  }

  create(mode: CallMode, options: CreateFlowOptions): Promise<LoginFlow> {
    return this.flow.create(mode, options);
  }

  get(id: string): Promise<LoginFlow> {
    return this.flow.get(id);
  }

  async submit(id: string, body: UpdateLoginFlowBody): Promise<LoginOutcome> {
    const mode = this.caller.submitMode(csrfTokenOf(body));
    const result = await this.flow.submit(id, body, mode);
    if (result.kind === 'flow') return { __typename: 'LoginFlow', ...result.flow };
    if (result.kind === 'step') return result.outcome;
    return {
      __typename: 'LoginSuccess',
      session: result.data.session,
      // Browser flows sign in with Ory's cookie; a token must never reach a browser client.
      sessionToken: mode === 'native' ? (result.data.session_token ?? null) : null,
      continueWith: continueWithFor(mode, result.data.continue_with),
    };
  }
}
