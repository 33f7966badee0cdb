/**
 * The `identifier_first` login method (`selfservice/strategy/idfirst/strategy_login.go`), active
 * with `selfservice.flows.login.style: identifier_first`: the first screen asks only for the
 * identifier; submitting it answers 400 with the flow showing the methods the identity can use
 * (the identifier now hidden), or "account not found" (4000037) when none can.
 */
import { csrfTokenFor } from '../csrf/csrf';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { CompletedByStrategy, StrategyNotResponsible } from '../flow/strategyOutcome';
import { decodeBody, type FieldSpec } from '../http/body';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import { isJsonObject, type JsonObject } from '../json';
import type { EmulatorConfig } from '../options';
import { messages } from '../text/messages';
import { inputNode, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { removeMatching } from '../code/codeNodes';
import { loginFlowJson, loginUiUrl } from './loginFlowJson';
import { checkAal, NoCredentialsFound, type LoginStrategy } from './loginStrategy';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['identifier', { type: 'string', required: false }],
  ['method', { type: 'string', required: false }],
  ['transient_payload', { type: 'json', required: false }],
]);

function handleLoginError(ctx: RequestContext, flow: LoginFlow, identifier: string): void {
  setNodeValue(flow.ui, 'identifier', identifier);
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
}

/**
 * `credentialStrategies` are the enabled strategies the second screen asks, in Kratos' order
 * (passed in by `loginStrategies.ts`, which knows them all).
 */
export const identifierFirstLoginStrategy = (
  credentialStrategies: (config: EmulatorConfig) => readonly LoginStrategy[],
): LoginStrategy => ({
  id: 'identifier_first',
  group: 'identifier_first',
  enabled: (config) => config.loginStyle === 'identifier_first',
  aal1: {
    firstFactor() {
      // Only the identifier-first style has a form of this method.
    },
    firstFactorRefresh() {
      // Refreshing never starts with the identifier screen.
    },
    identifierFirstIdentification(ctx, flow) {
      setCsrf(flow.ui, flow.csrfToken);
      const node = inputNode('identifier', 'identifier_first', 'text', {
        value: '',
        required: true,
        label: ctx.deps.schemas.default.identifierLabel,
      });
      node.attributes.autocomplete = 'username webauthn';
      upsertById(flow.ui, node);
      flow.ui.nodes.push(submitNode('identifier_first', 'identifier_first', messages.labelContinue()));
    },
    identifierFirstCredentials() {
      throw new NoCredentialsFound();
    },
  },
  async login(ctx, flow) {
    if (ctx.deps.config.loginStyle !== 'identifier_first') throw new StrategyNotResponsible();
    checkAal(flow, 'aal1');
    let payload: JsonObject = {};
    try {
      payload = await decodeBody(ctx, { fields: FIELDS });
      const invalid = ctx.deps.schemas.validateStaticPayload('identifierFirstLogin', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
      ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
    } catch (error) {
      handleLoginError(ctx, flow, typeof payload.identifier === 'string' ? payload.identifier : '');
      throw error;
    }
    const identifier = typeof payload.identifier === 'string' ? payload.identifier : '';
    const hint = ctx.deps.store.findByAnyCredentialIdentifier(identifier);
    flow.ui.messages = [];
    for (const node of flow.ui.nodes) node.messages = [];
    setNodeValue(flow.ui, 'identifier', identifier);

    let populated = false;
    for (const strategy of credentialStrategies(ctx.deps.config)) {
      if (!strategy.aal1) continue;
      try {
        strategy.aal1.identifierFirstCredentials(ctx, flow, hint);
        populated = true;
      } catch (error) {
        if (!(error instanceof NoCredentialsFound)) throw error;
        continue;
      }
      // `FastLogin1FA`: a method that is the identity's only way in may act at once.
      strategy.fastLogin1fa?.(ctx, flow, hint, identifier);
    }
    if (!populated) {
      handleLoginError(ctx, flow, identifier);
      throw FlowValidationError.of('identifier', messages.accountNotFound());
    }
    // The identifier stays in the form, hidden; its "Continue" button goes.
    removeMatching(flow.ui, inputNode('method', 'identifier_first', 'submit', { value: 'identifier_first' }));
    for (const node of flow.ui.nodes) {
      if (node.type !== 'input' || node.attributes.name !== 'identifier') continue;
      node.attributes.autocomplete = 'username webauthn';
      node.attributes.type = 'hidden';
    }
    flow.active = 'identifier_first';
    flow.internal.identifierHint = identifier;
    flow.updatedAt = ctx.deps.now();
    ctx.deps.store.saveFlow(flow);
    if (isJsonRequest(ctx)) sendJson(ctx, 400, loginFlowJson(flow, { transientPayload: true }));
    else redirect(ctx, 303, loginUiUrl(ctx, flow.id));
    throw new CompletedByStrategy();
  },
  completedMethod: (_ctx, now) => ({ method: 'identifier_first', aal: 'aal1', completedAt: now }),
});
