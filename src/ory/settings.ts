/**
 * Ory's settings flow for a signed-in caller: `profile` (traits) and `password`. Ory answers 200 with the flow
 * in state `success`, 400 with the flow and messages, or 403 when the session is too old for the change.
 */
import type { CallMode, OryCaller } from './caller';
import type { SettingsFlow, SettingsOutcome } from './models';
import { OryError } from './oryError';
import { continueWithFor, isSettingsFlow, nonFlowOutcome } from './outcomes';
import { opt, type SubmitCommon } from './submit';

export type SettingsMethod =
  { method: 'profile'; traits: Record<string, unknown> } | { method: 'password'; password: string };

export class SettingsApi {
  constructor(private readonly caller: OryCaller) {}

  create(mode: CallMode, options: { returnTo?: string | null }): Promise<SettingsFlow> {
    this.caller.flowMode(mode);
    const { api } = this;
    return mode === 'browser'
      ? this.caller.read(
          'createBrowserSettingsFlow',
          mode,
          (o) => api.createBrowserSettingsFlow({ returnTo: opt(options.returnTo) }, o),
          { idempotent: true },
        )
      : this.caller.read('createNativeSettingsFlow', mode, (o) => api.createNativeSettingsFlow({}, o), {
          idempotent: true,
        });
  }

  get(id: string): Promise<SettingsFlow> {
    return this.caller.read('getSettingsFlow', this.caller.mode, (o) => this.api.getSettingsFlow({ id }, o), {
      idempotent: true,
    });
  }

  async submit(flow: string, method: SettingsMethod & SubmitCommon): Promise<SettingsOutcome> {
    const mode = this.caller.mode;
    if (mode === 'native') this.caller.flowMode(mode);
    const common = { csrf_token: opt(method.csrfToken), transient_payload: opt(method.transientPayload) };
    const body =
      method.method === 'profile'
        ? { method: 'profile' as const, traits: method.traits, ...common }
        : { method: 'password' as const, password: method.password, ...common };
    try {
      const { data } = await this.caller.call('updateSettingsFlow', mode, (o) =>
        this.api.updateSettingsFlow({ flow, updateSettingsFlowBody: body }, o),
      );
      return {
        __typename: 'SettingsFlow',
        ...data,
        continue_with: continueWithFor(mode, data.continue_with),
      };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isSettingsFlow(error.body))
        return { __typename: 'SettingsFlow', ...error.body };
      return nonFlowOutcome(error, 'settings');
    }
  }

  private get api() {
    return this.caller.clients.frontend;
  }
}
