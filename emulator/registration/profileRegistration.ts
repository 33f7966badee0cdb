/**
 * The `profile` registration strategy (`selfservice/strategy/profile/registration.go`): it puts the
 * trait fields on every registration form, and with `profile_first` it runs the two screens —
 * `method=profile` validates the traits and shows the credential methods (400 with the flow, the
 * traits now hidden, message 1040009), `screen=previous` goes back.
 */
import { formCsrfToken } from '../csrf/csrf';
import type { RegistrationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { StrategyNotResponsible } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { isJsonObject, stringField, type JsonObject, type JsonValue } from '../json';
import { messages } from '../text/messages';
import {
  flatten,
  inputNode,
  resetMessages,
  setCsrf,
  setNodeValue,
  upsertById,
  type InputNode,
} from '../ui/nodes';
import { removeMatching } from '../code/codeNodes';
import { echoTraits } from './passwordRegistration';
import { schemaForFlow, showRegistrationForm, sortRegistrationFlow, traitNodes } from './registrationSchema';
import type { RegistrationStrategy } from './registrationStrategy';

const submitProfile = (): InputNode =>
  inputNode('method', 'profile', 'submit', { value: 'profile', label: messages.infoRegistration() });

const previousScreen = (): InputNode =>
  inputNode('screen', 'profile', 'submit', { value: 'previous', label: messages.infoRegistrationBack() });

/** `UpdateNodeValuesFromJSON(traits, "traits", default)`. */
function showTraits(flow: RegistrationFlow, traits: JsonValue | undefined): void {
  for (const [name, value] of flatten(traits, 'traits')) setNodeValue(flow.ui, name, value);
}

/**
 * The strategies whose forms the two screens show; `registrationStrategies.ts` passes them in to
 * keep the module graph free of cycles.
 */
export const profileRegistrationStrategy = (
  hydrators: (ctx: RequestContext) => readonly RegistrationStrategy[],
): RegistrationStrategy => ({
  id: 'profile',
  group: 'profile',
  enabled: () => true,
  populate(ctx, flow) {
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    for (const node of traitNodes(ctx, flow)) upsertById(flow.ui, node);
  },
  populateProfile(ctx, flow, traits) {
    removeMatching(flow.ui, previousScreen());
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    for (const node of traitNodes(ctx, flow)) upsertById(flow.ui, node);
    if (traits !== undefined) showTraits(flow, traits);
    flow.ui.nodes.push(submitProfile());
  },
  populateCredentials(_ctx, flow) {
    flow.ui.nodes.push(previousScreen());
    removeMatching(flow.ui, submitProfile());
    for (const node of flow.ui.nodes) {
      if (node.group === 'default' && node.type === 'input') node.attributes.type = 'hidden';
    }
    flow.ui.messages.push(messages.infoRegistrationChooseCredentials());
  },
  async register(ctx, flow) {
    if (ctx.deps.config.registrationStyle !== 'profile_first') throw new StrategyNotResponsible();
    const schema = schemaForFlow(ctx, flow);
    let payload: JsonObject = await decodeBody(ctx, { fields: schema.fields.profileRegistration });
    const method = stringField(payload, 'method');
    const screen = stringField(payload, 'screen');
    if (method !== 'profile' && method !== 'profile:back' && screen === '')
      throw new StrategyNotResponsible();
    try {
      const invalid = schema.validatePayload('profileRegistration', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
    } catch (error) {
      handleError(ctx, flow, payload);
      throw error;
    }
    if (screen === 'previous' || (method === 'profile:back' && screen !== 'credential-selection')) {
      returnToProfileForm(ctx, flow, payload, hydrators(ctx));
    }
    payload = { ...payload };
    showCredentialsSelection(ctx, flow, payload, hydrators(ctx));
  },
});

function handleError(ctx: RequestContext, flow: RegistrationFlow, payload: JsonObject): void {
  echoTraits(flow, payload);
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
}

/** `returnToProfileForm`: the traits screen again, with what was entered. */
function returnToProfileForm(
  ctx: RequestContext,
  flow: RegistrationFlow,
  payload: JsonObject,
  strategies: readonly RegistrationStrategy[],
): never {
  resetMessages(flow.ui);
  flow.organizationId = null;
  showTraits(flow, payload.traits);
  for (const strategy of strategies) strategy.populateProfile(ctx, flow, payload.traits);
  sortRegistrationFlow(ctx, flow);
  return showRegistrationForm(ctx, flow);
}

/** `showCredentialsSelection`: validate the traits, then the credential forms of every method. */
function showCredentialsSelection(
  ctx: RequestContext,
  flow: RegistrationFlow,
  payload: JsonObject,
  strategies: readonly RegistrationStrategy[],
): never {
  flow.active = undefined;
  flow.state = 'choose_method';
  resetMessages(flow.ui);
  flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
  const traits = isJsonObject(payload.traits) ? payload.traits : {};
  try {
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
    const invalid = schemaForFlow(ctx, flow).validateIdentity(traits);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
  } catch (error) {
    handleError(ctx, flow, payload);
    throw error;
  }
  for (const strategy of strategies) strategy.populateCredentials(ctx, flow, traits);
  showTraits(flow, traits);
  sortRegistrationFlow(ctx, flow);
  return showRegistrationForm(ctx, flow);
}
