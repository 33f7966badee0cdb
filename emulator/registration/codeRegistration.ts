/**
 * The `code` registration strategy (`selfservice/strategy/code/strategy_registration.go`): the
 * first submit validates the traits and sends a code to every code address of the would-be identity
 * (400 with the flow in state `sent_email`, the traits kept as hidden inputs); the second submit
 * repeats the same traits with the code. Changed traits are refused (4000036), `resend=code` sends
 * a new code. The method answers whatever `passwordless_enabled` says, like Kratos.
 */
import { queueRegistrationCode } from '../courier/emailTemplates';
import { formCsrfToken } from '../csrf/csrf';
import {
  codeContinueButton,
  codeInput,
  codeMethodHidden,
  codeResendNode,
  codeSentNodes,
  codeSubmitRegistration,
  registrationSelectCredentialsNode,
  removeMatching,
} from '../code/codeNodes';
import type { RegistrationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { newOneTimeCode, useCode } from '../flow/oneTimeCode';
import { CompletedByStrategy, methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { submittedMethod } from '../flow/method';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { applyTraitExtensions, markVerified, newIdentity, type Identity } from '../identity/identity';
import { isJsonObject, stringField, type JsonObject, type JsonValue } from '../json';
import { messages } from '../text/messages';
import { findNode, flatten, resetMessages, setCsrf, setNodeValue, type UiNode } from '../ui/nodes';
import { echoTraits } from './passwordRegistration';
import { schemaForFlow, showRegistrationForm } from './registrationSchema';
import type { RegistrationStrategy } from './registrationStrategy';

/** `HandleRegistrationError`: the submitted traits go back into the form. */
function handleError(ctx: RequestContext, flow: RegistrationFlow, payload: JsonObject): void {
  echoTraits(flow, payload);
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
}

/** `validateAndGetCredentialsFromTraits`: the identity the traits describe, with its code credential. */
function identityFromTraits(ctx: RequestContext, flow: RegistrationFlow, traits: JsonValue): Identity {
  const schema = schemaForFlow(ctx, flow);
  const invalid = schema.validateIdentity(traits);
  if (invalid) throw FlowValidationError.fromSchema(invalid);
  const identity = newIdentity(schema.id, traits, ctx.deps.now());
  applyTraitExtensions(identity, schema, ctx.deps.now());
  if ((identity.credentials.code?.identifiers.join('') ?? '') === '') {
    throw FlowValidationError.of('', messages.identifierMissing());
  }
  return identity;
}

/** `registrationSendEmail`. */
function sendCode(ctx: RequestContext, flow: RegistrationFlow, payload: JsonObject): never {
  const traits = payload.traits;
  if (!isJsonObject(traits)) throw FlowValidationError.of('traits', messages.required('traits'));
  const identity = identityFromTraits(ctx, flow, traits);
  const now = ctx.deps.now();
  flow.codes = (identity.credentials.code?.config.addresses ?? []).map((address) => {
    const code = newOneTimeCode(ctx, '', address.address, now);
    queueRegistrationCode(ctx, address.address, code.code);
    return code;
  });
  flow.state = 'sent_email';
  if (ctx.deps.config.codePasswordless) showCodeForm(ctx, flow);
  for (const [name, value] of flatten(traits, 'traits')) setNodeValue(flow.ui, name, value);
  flow.active = 'code';
  return showRegistrationForm(ctx, flow);
}

/** `populateEmailSentFlow` for registration: the traits stay (hidden unless they carry an error). */
function showCodeForm(ctx: RequestContext, flow: RegistrationFlow): void {
  resetMessages(flow.ui);
  const kept: UiNode[] = [];
  for (const node of flow.ui.nodes) {
    if (node.type === 'input' && node.attributes.type === 'submit') continue;
    if (node.group !== 'default') continue;
    if (node.messages.length === 0 && node.type === 'input') node.attributes.type = 'hidden';
    kept.push(node);
  }
  const extra: UiNode[] = [codeResendNode()];
  if (ctx.deps.config.registrationStyle === 'profile_first') extra.push(registrationSelectCredentialsNode());
  flow.ui.nodes = codeSentNodes({ ...flow.ui, nodes: [] }, kept, messages.labelRegistrationCode(), extra);
  flow.ui.method = 'POST';
  flow.ui.action = `${ctx.deps.config.publicBaseUrl}self-service/registration?flow=${flow.id}`;
  flow.ui.messages = [messages.registrationCodeSent()];
  if (flow.type === 'browser') setCsrf(flow.ui, formCsrfToken(ctx, flow));
}

/** `registrationVerifyCode`. */
function verifyCode(ctx: RequestContext, flow: RegistrationFlow, payload: JsonObject): Identity {
  const submitted = stringField(payload, 'code');
  if (submitted === '') throw FlowValidationError.of('code', messages.required('code'));
  const traits = payload.traits;
  if (!isJsonObject(traits)) throw FlowValidationError.of('traits', messages.required('traits'));
  const identity = identityFromTraits(ctx, flow, traits);
  // The traits must be the ones the code was sent for.
  for (const [name, value] of flatten(traits, 'traits')) {
    const node = findNode(flow.ui, name);
    if (node?.type === 'input' && node.attributes.value !== value) {
      throw FlowValidationError.of('', messages.traitsMismatch());
    }
  }
  const identifiers = identity.credentials.code?.identifiers ?? [];
  const now = ctx.deps.now();
  const result = useCode(flow, submitted, now, (code) => identifiers.includes(code.address));
  if (!result.ok) {
    if (result.notFound) throw FlowValidationError.of('', messages.registrationCodeInvalid());
    throw result.error;
  }
  for (const address of identity.verifiableAddresses) {
    if (address.verified || address.value !== result.code.address) continue;
    markVerified(address, now);
    break;
  }
  flow.state = 'passed_challenge';
  return identity;
}

/** The nodes of the "code sent" form, which every screen of a two-step registration drops. */
function removeCodeSentNodes(flow: RegistrationFlow): void {
  for (const node of [
    codeResendNode(),
    registrationSelectCredentialsNode(),
    codeContinueButton(),
    codeMethodHidden(),
    codeInput(messages.labelRegistrationCode()),
  ]) {
    removeMatching(flow.ui, node);
  }
}

export const codeRegistrationStrategy: RegistrationStrategy = {
  id: 'code',
  group: 'code',
  enabled: (config) => config.codePasswordless,
  populate(ctx, flow) {
    flow.ui.nodes.push(codeSubmitRegistration());
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
  },
  populateProfile(ctx, flow) {
    removeMatching(flow.ui, codeSubmitRegistration());
    removeCodeSentNodes(flow);
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
  },
  populateCredentials(ctx, flow) {
    removeCodeSentNodes(flow);
    flow.ui.nodes.push(codeSubmitRegistration());
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
  },
  async register(ctx, flow) {
    // The code method itself is on (recovery and verification need it), passwordless or not.
    methodEnabledAndAllowed('code', await submittedMethod(ctx), true);
    const schema = schemaForFlow(ctx, flow);
    let payload: JsonObject = {};
    try {
      payload = await decodeBody(ctx, { fields: schema.fields.codeRegistration });
      const invalid = schema.validatePayload('codeRegistration', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : {};
      ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
      if (typeof payload.resend === 'string' && payload.resend.toLowerCase() === 'code')
        flow.state = 'choose_method';
      if (flow.state === 'choose_method') sendCode(ctx, flow, payload);
      if (flow.state === 'sent_email') return verifyCode(ctx, flow, payload);
      throw FlowValidationError.of('', messages.registrationNoStrategy());
    } catch (error) {
      if (!(error instanceof CompletedByStrategy)) handleError(ctx, flow, payload);
      throw error;
    }
  },
};
