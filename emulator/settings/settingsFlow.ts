/**
 * Settings flows (`selfservice/flow/settings`): creation for a signed-in identity, the nodes of the
 * `profile` and `password` strategies (`PopulateSettingsMethod`), and the JSON shape, which embeds
 * the identity as it was when the flow was created (or last saved).
 */
import type { FlowType, SettingsFlow } from '../flow/flow';
import { flowHeadJson, newFlowBase } from '../flow/flowBase';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { messages } from '../text/messages';
import { traitNode } from '../registration/registrationFlow';
import { csrfNode, flatten, passwordNode, setNodeValue, submitNode, type UiContainer } from '../ui/nodes';

export function settingsUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/settings`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}

/**
 * Groups `default`, `profile`, `password` in that order (Kratos' settings sort), traits in schema
 * order with the identity's current values.
 */
export function settingsUi(ctx: RequestContext, flow: SettingsFlow): UiContainer {
  const schema = ctx.deps.schemas.get(flow.identity.schemaId) ?? ctx.deps.schemas.default;
  const ui: UiContainer = {
    action: `${ctx.deps.config.publicBaseUrl}self-service/settings?flow=${flow.id}`,
    method: 'POST',
    nodes: [csrfNode(flow.csrfToken)],
    messages: [],
  };
  for (const path of schema.traitPaths)
    if (path.leaf) ui.nodes.push({ ...traitNode(path), group: 'profile' });
  for (const [name, value] of flatten(flow.identity.traits, 'traits')) setNodeValue(ui, name, value);
  ui.nodes.push(submitNode('profile', 'profile', messages.labelSave()));
  ui.nodes.push(passwordNode('new-password'));
  ui.nodes.push(submitNode('password', 'password', messages.labelSave()));
  return ui;
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
  };
  flow.ui = settingsUi(ctx, flow);
  ctx.deps.store.saveFlow(flow);
  return flow;
}

/** Field order of `settings.Flow`. */
export function settingsFlowJson(ctx: RequestContext, flow: SettingsFlow): Record<string, unknown> {
  return {
    ...flowHeadJson(flow),
    identity: identityJson(flow.identity, { publicBaseUrl: ctx.deps.config.publicBaseUrl }),
    state: flow.state,
    continue_with: flow.continueWith.length > 0 ? flow.continueWith : undefined,
  };
}
