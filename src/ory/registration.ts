/** Ory's registration flow (`create*RegistrationFlow`, `getRegistrationFlow`, `updateRegistrationFlow`). */
import type { CallMode, OryCaller } from './caller';
import type {
  RegistrationFlow,
  RegistrationOutcome,
  SuccessfulNativeRegistration,
  UpdateRegistrationFlowBody,
} from './models';
import { continueWithFor, isRegistrationFlow, isRegistrationSuccess } from './outcomes';
import { SelfServiceFlow, csrfTokenOf, type CreateFlowOptions, type FlowEndpoints } from './selfServiceFlow';

export const REGISTRATION: FlowEndpoints<
  RegistrationFlow,
  UpdateRegistrationFlowBody,
  SuccessfulNativeRegistration
> = {
  kind: 'registration',
  names: {
    createNative: 'createNativeRegistrationFlow',
    createBrowser: 'createBrowserRegistrationFlow',
    get: 'getRegistrationFlow',
    update: 'updateRegistrationFlow',
  },
  createNative:
    ({ returnTo, returnSessionTokenExchangeCode }) =>
    (api, o) =>
      api.createNativeRegistrationFlow({ returnTo, returnSessionTokenExchangeCode }, o),
  createBrowser:
    ({ returnTo }) =>
    (api, o) =>
      api.createBrowserRegistrationFlow({ returnTo }, o),
  get: (id) => (api, o) => api.getRegistrationFlow({ id }, o),
  update: (flow, body) => (api, o) =>
    api.updateRegistrationFlow({ flow, updateRegistrationFlowBody: body }, o),
  isFlow: isRegistrationFlow,
  isDone: isRegistrationSuccess,
};

export class RegistrationApi {
  private readonly flow: SelfServiceFlow<
    RegistrationFlow,
    UpdateRegistrationFlowBody,
    SuccessfulNativeRegistration
  >;

  constructor(private readonly caller: OryCaller) {
    this.flow = new SelfServiceFlow(caller, REGISTRATION);
  }

  create(mode: CallMode, options: CreateFlowOptions): Promise<RegistrationFlow> {
    return this.flow.create(mode, options);
  }

  get(id: string): Promise<RegistrationFlow> {
    return this.flow.get(id);
  }

  async submit(id: string, body: UpdateRegistrationFlowBody): Promise<RegistrationOutcome> {
    const mode = this.caller.submitMode(csrfTokenOf(body));
    const result = await this.flow.submit(id, body, mode);
    if (result.kind === 'flow') return { __typename: 'RegistrationFlow', ...result.flow };
    if (result.kind === 'step') return result.outcome;
    return {
      __typename: 'RegistrationSuccess',
      identity: result.data.identity,
      session: result.data.session ?? null,
      sessionToken: mode === 'native' ? (result.data.session_token ?? null) : null,
      continueWith: continueWithFor(mode, result.data.continue_with),
    };
  }
}
