/**
 * Ory's settings flow for a signed-in caller. Ory answers 200 with the flow in state `success`, 400 with the flow
 * and messages (or "more input needed", e.g. backup codes to confirm), 403 when the session is too old or its
 * assurance level too low for the change, 422 to send the browser to a provider (linking a social account).
 */
import type { CallMode, OryCaller } from './caller';
import type { SettingsFlow, SettingsOutcome, UpdateSettingsFlowBody } from './models';
import { continueWithFor, isSettingsFlow, never } from './outcomes';
import { SelfServiceFlow, type CreateFlowOptions, type FlowEndpoints } from './selfServiceFlow';

export const SETTINGS: FlowEndpoints<SettingsFlow, UpdateSettingsFlowBody, never> = {
  kind: 'settings',
  names: {
    createNative: 'createNativeSettingsFlow',
    createBrowser: 'createBrowserSettingsFlow',
    get: 'getSettingsFlow',
    update: 'updateSettingsFlow',
  },
  createNative: () => (api, o) => api.createNativeSettingsFlow({}, o),
  createBrowser:
    ({ returnTo }) =>
    (api, o) =>
      api.createBrowserSettingsFlow({ returnTo }, o),
  get: (id) => (api, o) => api.getSettingsFlow({ id }, o),
  update: (flow, body) => (api, o) => api.updateSettingsFlow({ flow, updateSettingsFlowBody: body }, o),
  isFlow: isSettingsFlow,
  isDone: never,
};

export class SettingsApi {
  private readonly flow: SelfServiceFlow<SettingsFlow, UpdateSettingsFlowBody, never>;

  constructor(private readonly caller: OryCaller) {
    this.flow = new SelfServiceFlow(caller, SETTINGS);
  }

  create(mode: CallMode, options: CreateFlowOptions): Promise<SettingsFlow> {
    return this.flow.create(mode, options);
  }

  get(id: string): Promise<SettingsFlow> {
    return this.flow.get(id);
  }

  /** Settings are the caller's own: submitted the way the caller authenticates (token or cookie). */
  async submit(id: string, body: UpdateSettingsFlowBody): Promise<SettingsOutcome> {
    const mode = this.caller.mode;
    if (mode === 'native') this.caller.flowMode(mode);
    const result = await this.flow.submit(id, body, mode);
    if (result.kind === 'step') return result.outcome;
    const flow = result.kind === 'flow' ? result.flow : result.data;
    return { __typename: 'SettingsFlow', ...flow, continue_with: continueWithFor(mode, flow.continue_with) };
  }
}
