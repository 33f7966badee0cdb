/**
 * Settings flows (`selfservice/flow/settings`): creation for a signed-in identity, the form of the
 * enabled strategies (`PopulateSettingsMethod`), Kratos' node order, and the JSON shape, which
 * embeds the identity as it was when the flow was created (or last saved).
 */
import type { FlowType, SettingsFlow } from '../flow/flow';
import { flowHeadJson, newFlowBase } from '../flow/flowBase';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { schemaKeysInOrder, sortBySchema } from '../ui/sortBySchema';
import { enabledSettingsStrategies } from './settingsStrategies';

export function settingsUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/settings`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}

/** `settings/sort.go`: schema keys, groups `default, profile, password, oidc, lookup_secret, ..., totp`. */
export function sortSettingsFlow(ctx: RequestContext, flow: SettingsFlow): void {
  const schema = ctx.deps.schemas.get(flow.identity.schemaId) ?? ctx.deps.schemas.default;
  sortBySchema(flow.ui.nodes, {
    schemaKeys: schemaKeysInOrder(schema.raw),
    groups: ['default', 'profile', 'password', 'oidc', 'lookup_secret', 'webauthn', 'passkey', 'totp'],
    appendKeys: [
      'lookup_secret_reveal',
      'lookup_secret_regenerate',
      'lookup_secret_codes',
      'lookup_secret_confirm',
      'webauthn_remove',
      'webauthn_register_displayname',
      'webauthn_register',
      'passkey_remove',
      'passkey_register',
      'totp_qr',
      'totp_secret_key',
      'totp_unlink',
      'totp_code',
    ],
  });
}

/** The form of `settings.NewFlow`: every enabled strategy adds its part, then the nodes are sorted. */
export function hydrateSettingsUi(ctx: RequestContext, flow: SettingsFlow): void {
  flow.ui = {
    action: `${ctx.deps.config.publicBaseUrl}self-service/settings?flow=${flow.id}`,
    method: 'POST',
    nodes: [],
    messages: [],
  };
  for (const strategy of enabledSettingsStrategies(ctx.deps.config))
    strategy.populate(ctx, flow, flow.identity);
  sortSettingsFlow(ctx, flow);
}

/** `settings.NewFlow` for the caller's identity (the caller has checked the session). */
export function createSettingsFlow(
  ctx: RequestContext,
  type: FlowType,
  identity: Identity,
  options: { replacing?: boolean } = {},
): SettingsFlow {
  const flow: SettingsFlow = {
    kind: 'settings',
    ...newFlowBase(ctx, 'settings', type, { replacing: options.replacing, state: 'show_form' }),
    identity: structuredClone(identity),
    continueWith: [],
    internal: {},
  };
  hydrateSettingsUi(ctx, flow);
  ctx.deps.store.saveFlow(flow);
  return flow;
}

/**
 * Field order of `settings.Flow`; `transient_payload` shows only in answers written from the flow in
 * memory (a form shown again without saving).
 */
export function settingsFlowJson(
  ctx: RequestContext,
  flow: SettingsFlow,
  options: { transientPayload?: boolean } = {},
): Record<string, unknown> {
  return {
    ...flowHeadJson(flow),
    identity: identityJson(flow.identity, { publicBaseUrl: ctx.deps.config.publicBaseUrl }),
    state: flow.state,
    continue_with: flow.continueWith.length > 0 ? flow.continueWith : undefined,
    transient_payload: options.transientPayload === true ? flow.transientPayload : undefined,
  };
}
