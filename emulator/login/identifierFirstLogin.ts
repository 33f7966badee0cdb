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
import { StrategyNotResponsible } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { staticPayloadFields } from '../identity/schemaRegistry';
import { isJsonObject, stringField, type JsonObject } from '../json';
import type { EmulatorConfig } from '../options';
import { messages } from '../text/messages';
import { inputNode, resetMessages, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { removeMatching } from '../code/codeNodes';
import { showLoginForm } from './loginFlowJson';
import { checkAal, NoCredentialsFound, type LoginStrategy } from './loginStrategy';

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
      payload = await decodeBody(ctx, { fields: staticPayloadFields('identifierFirstLogin') });
      const invalid = ctx.deps.schemas.validateStaticPayload('identifierFirstLogin', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
      ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
    } catch (error) {
      handleLoginError(ctx, flow, stringField(payload, 'identifier'));
      throw error;
    }
    const identifier = stringField(payload, 'identifier');
    const hint = ctx.deps.store.findByAnyCredentialIdentifier(identifier);
    resetMessages(flow.ui);
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
    return showLoginForm(ctx, flow, 400);
  },
  completedMethod: (_ctx, now) => ({ method: 'identifier_first', aal: 'aal1', completedAt: now }),
});
