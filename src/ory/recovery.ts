/**
 * Ory's recovery flow (`code` or `link` method). Ory answers wrong codes with 200 and the flow, so both a success
 * and most failures arrive as the flow; its `state` and messages tell them apart.
 */
import type { CallMode, OryCaller } from './caller';
import type { RecoveryFlow, RecoveryOutcome, UpdateRecoveryFlowBody } from './models';
import { continueWithFor, isRecoveryFlow, never } from './outcomes';
import { SelfServiceFlow, csrfTokenOf, type CreateFlowOptions, type FlowEndpoints } from './selfServiceFlow';

export const RECOVERY: FlowEndpoints<RecoveryFlow, UpdateRecoveryFlowBody, never> = {
  kind: 'recovery',
  names: {
    createNative: 'createNativeRecoveryFlow',
    createBrowser: 'createBrowserRecoveryFlow',
    get: 'getRecoveryFlow',
    update: 'updateRecoveryFlow',
  },
  createNative: () => (api, o) => api.createNativeRecoveryFlow(o),
  createBrowser:
    ({ returnTo }) =>
    (api, o) =>
      api.createBrowserRecoveryFlow({ returnTo }, o),
  get: (id) => (api, o) => api.getRecoveryFlow({ id }, o),
  update: (flow, body) => (api, o) => api.updateRecoveryFlow({ flow, updateRecoveryFlowBody: body }, o),
  isFlow: isRecoveryFlow,
  isDone: never,
};

export class RecoveryApi {
  private readonly flow: SelfServiceFlow<RecoveryFlow, UpdateRecoveryFlowBody, never>;

  constructor(private readonly caller: OryCaller) {
    this.flow = new SelfServiceFlow(caller, RECOVERY);
  }

  create(mode: CallMode, options: CreateFlowOptions): Promise<RecoveryFlow> {
    return this.flow.create(mode, options);
  }

  get(id: string): Promise<RecoveryFlow> {
    return this.flow.get(id);
  }

  async submit(id: string, body: UpdateRecoveryFlowBody): Promise<RecoveryOutcome> {
    const mode = this.caller.submitMode(csrfTokenOf(body));
    const result = await this.flow.submit(id, body, mode);
    if (result.kind === 'step') return result.outcome;
    const flow = result.kind === 'flow' ? result.flow : result.data;
    return { __typename: 'RecoveryFlow', ...flow, continue_with: continueWithFor(mode, flow.continue_with) };
  }
}
