/**
 * The `code` registration strategy (`selfservice/strategy/code/strategy_registration.go`): the
 * first submit validates the traits and sends a code to every code address of the would-be identity
 * (400 with the flow in state `sent_email`, the traits kept as hidden inputs); the second submit
 * repeats the same traits with the code. Changed traits are refused (4000036), `resend=code` sends
 * a new code. The method answers whatever `passwordless_enabled` says, like Kratos.
 */
import {
  codeResendNode,
  codeSentNodes,
  codeSubmitRegistration,
  registrationSelectCredentialsNode,
} from '../code/codeNodes';
import { queueRegistrationCode } from '../code/codeEmails';
import { removeMatching, codeContinueButton, codeInput, codeMethodHidden } from '../code/codeNodes';
import type { RegistrationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { generateCode, useCode } from '../flow/oneTimeCode';
import { CompletedByStrategy, methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { submittedMethod } from '../flow/method';
import { decodeBody } from '../http/body';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import { applyTraitExtensions, newIdentity, type Identity } from '../identity/identity';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { messages } from '../text/messages';
import { findNode, flatten, resetMessages, setCsrf, setNodeValue, type UiNode } from '../ui/nodes';
import { echoTraits, flowCsrf } from './passwordRegistration';
import { registrationFlowJson, registrationUiUrl, schemaForFlow } from './registrationSchema';
import type { RegistrationStrategy } from './registrationStrategy';

/** `HandleRegistrationError`: the submitted traits go back into the form. */
function handleError(ctx: RequestContext, flow: RegistrationFlow, payload: JsonObject): void {
  echoTraits(flow, payload);
  setCsrf(flow.ui, flowCsrf(ctx, flow));
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
    const code = generateCode();
    queueRegistrationCode(ctx, address.address, code);
    return {
      code,
      identityId: '',
      address: address.address,
      expiresAt: new Date(now.getTime() + ctx.deps.config.codeLifespanMs),
    };
  });
  flow.state = 'sent_email';
  if (ctx.deps.config.codePasswordless) showCodeForm(ctx, flow);
  for (const [name, value] of flatten(traits, 'traits')) setNodeValue(flow.ui, name, value);
  flow.active = 'code';
  flow.updatedAt = now;
  ctx.deps.store.saveFlow(flow);
  if (isJsonRequest(ctx)) sendJson(ctx, 400, registrationFlowJson(flow, { transientPayload: true }));
  else redirect(ctx, 303, registrationUiUrl(ctx, flow.id));
  throw new CompletedByStrategy();
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
  flow.ui.messages = [];
  const extra: UiNode[] = [codeResendNode()];
  if (ctx.deps.config.registrationStyle === 'profile_first') extra.push(registrationSelectCredentialsNode());
  flow.ui.nodes = codeSentNodes({ ...flow.ui, nodes: [] }, kept, messages.labelRegistrationCode(), extra);
  flow.ui.method = 'POST';
  flow.ui.action = `${ctx.deps.config.publicBaseUrl}self-service/registration?flow=${flow.id}`;
  flow.ui.messages = [messages.registrationCodeSent()];
  if (flow.type === 'browser') setCsrf(flow.ui, flowCsrf(ctx, flow));
}

/** `registrationVerifyCode`. */
function verifyCode(ctx: RequestContext, flow: RegistrationFlow, payload: JsonObject): Identity {
  const submitted = typeof payload.code === 'string' ? payload.code : '';
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
    address.verified = true;
    address.verifiedAt = now;
    address.status = 'completed';
    break;
  }
  flow.state = 'passed_challenge';
  return identity;
}

export const codeRegistrationStrategy: RegistrationStrategy = {
  id: 'code',
  group: 'code',
  enabled: (config) => config.codePasswordless,
  populate(ctx, flow) {
    flow.ui.nodes.push(codeSubmitRegistration());
    setCsrf(flow.ui, flowCsrf(ctx, flow));
  },
  populateProfile(ctx, flow) {
    for (const node of [
      codeSubmitRegistration(),
      codeResendNode(),
      registrationSelectCredentialsNode(),
      codeContinueButton(),
      codeMethodHidden(),
      codeInput(messages.labelRegistrationCode()),
    ]) {
      removeMatching(flow.ui, node);
    }
    setCsrf(flow.ui, flowCsrf(ctx, flow));
  },
  populateCredentials(ctx, flow) {
    for (const node of [
      codeResendNode(),
      registrationSelectCredentialsNode(),
      codeContinueButton(),
      codeMethodHidden(),
      codeInput(messages.labelRegistrationCode()),
    ]) {
      removeMatching(flow.ui, node);
    }
    flow.ui.nodes.push(codeSubmitRegistration());
    setCsrf(flow.ui, flowCsrf(ctx, flow));
  },
  async register(ctx, flow) {
    // The code method itself is on (recovery and verification need it), passwordless or not.
    methodEnabledAndAllowed('code', await submittedMethod(ctx), true);
    const schema = schemaForFlow(ctx, flow);
    let payload: JsonObject = {};
    try {
      payload = await decodeBody(ctx, { fields: schema.codeRegistrationFields });
      const invalid = schema.validatePayload('codeRegistration', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : {};
      ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
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
