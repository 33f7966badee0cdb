/** Ory's verification flow (`code` or `link` method): answers like recovery, with the flow and its `state`. */
import type { CallMode, OryCaller } from './caller';
import type { UpdateVerificationFlowBody, VerificationFlow, VerificationOutcome } from './models';
import { isVerificationFlow, never } from './outcomes';
import { SelfServiceFlow, csrfTokenOf, type CreateFlowOptions, type FlowEndpoints } from './selfServiceFlow';

export const VERIFICATION: FlowEndpoints<VerificationFlow, UpdateVerificationFlowBody, never> = {
  kind: 'verification',
  names: {
    createNative: 'createNativeVerificationFlow',
    createBrowser: 'createBrowserVerificationFlow',
    get: 'getVerificationFlow',
    update: 'updateVerificationFlow',
  },
  createNative:
    ({ returnTo }) =>
    (api, o) =>
      api.createNativeVerificationFlow({ returnTo }, o),
  createBrowser:
    ({ returnTo }) =>
    (api, o) =>
      api.createBrowserVerificationFlow({ returnTo }, o),
  get: (id) => (api, o) => api.getVerificationFlow({ id }, o),
  update: (flow, body) => (api, o) =>
    api.updateVerificationFlow({ flow, updateVerificationFlowBody: body }, o),
  isFlow: isVerificationFlow,
  isDone: never,
};

export class VerificationApi {
  private readonly flow: SelfServiceFlow<VerificationFlow, UpdateVerificationFlowBody, never>;

  constructor(private readonly caller: OryCaller) {
    this.flow = new SelfServiceFlow(caller, VERIFICATION);
  }

  create(mode: CallMode, options: CreateFlowOptions): Promise<VerificationFlow> {
    return this.flow.create(mode, options);
  }

  get(id: string): Promise<VerificationFlow> {
    return this.flow.get(id);
  }

  async submit(id: string, body: UpdateVerificationFlowBody): Promise<VerificationOutcome> {
    const result = await this.flow.submit(id, body, this.caller.submitMode(csrfTokenOf(body)));
    if (result.kind === 'step') return result.outcome;
    return { __typename: 'VerificationFlow', ...(result.kind === 'flow' ? result.flow : result.data) };
  }
}
