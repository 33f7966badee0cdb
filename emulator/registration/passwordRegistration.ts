/**
 * The password registration strategy (`selfservice/strategy/password/registration.go`), in
 * Kratos' order: decode + validate the payload (traits included), refuse browser-ish requests on
 * API flows, require a password, enforce the 72-byte hash limit, validate the identity and its
 * login identifiers, then the password policy against each identifier.
 */
import { hashPassword } from '../crypto/passwordHash';
import type { RegistrationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { decodeBody } from '../http/body';
import { notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { newIdentity, passwordIdentifiers, type Identity } from '../identity/identity';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { passwordPolicyViolation, passwordTooLong } from '../password/passwordPolicy';
import { messages } from '../text/messages';
import {
  passwordNode,
  setCsrf,
  setNodeValue,
  flatten,
  submitNode,
  upsertById,
  type InputNode,
} from '../ui/nodes';
import { removeMatching } from '../code/codeNodes';
import { formCsrfToken } from '../csrf/csrf';
import { submittedMethod } from '../flow/method';
import { methodEnabledAndAllowed, STRATEGY_DISABLED_MESSAGE } from '../flow/strategyOutcome';
import { schemaForFlow } from './registrationSchema';
import type { RegistrationStrategy } from './registrationStrategy';

/** `handleRegistrationError`: submitted traits are echoed into the existing nodes. */
export function echoTraits(flow: RegistrationFlow, payload: JsonObject): void {
  for (const [name, value] of flatten(payload.traits, 'traits')) setNodeValue(flow.ui, name, value);
}

/**
 * What a registration body without `method: password` meets after the password strategy passed:
 * the passkey strategy decodes and validates it (traits included) before it checks
 * `passkey_register`, so invalid traits are reported even without a method. A `passkey_register`
 * value reaches the disabled passkey method (404); anything else is nobody's (4010003).
 */
export async function passkeyRegistrationStage(ctx: RequestContext, flow: RegistrationFlow): Promise<never> {
  const schema = schemaForFlow(ctx, flow);
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, { fields: schema.fields.passkeyRegistration });
    const invalid = schema.validatePayload('passkeyRegistration', payload);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
    const register = stringField(payload, 'passkey_register');
    if (register === '' || register === 'true') {
      throw FlowValidationError.of('', messages.registrationNoStrategy());
    }
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
    throw notFound(STRATEGY_DISABLED_MESSAGE);
  } catch (error) {
    if (!(error instanceof FlowValidationError && error.items[0]?.message.id === 4010003)) {
      echoTraits(flow, payload);
    }
    throw error;
  }
}

const passwordInput = (): InputNode => passwordNode('new-password');
const passwordSubmit = (): InputNode => submitNode('password', 'password', messages.infoRegistration());

/** The password strategy's registration forms and submit. */
export const passwordRegistrationStrategy: RegistrationStrategy = {
  id: 'password',
  group: 'password',
  enabled: (config) => config.passwordEnabled,
  populate(ctx, flow) {
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    upsertById(flow.ui, passwordInput());
    upsertById(flow.ui, passwordSubmit());
  },
  populateProfile(ctx, flow) {
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    removeMatching(flow.ui, passwordInput());
    removeMatching(flow.ui, passwordSubmit());
  },
  populateCredentials(ctx, flow) {
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    upsertById(flow.ui, passwordInput());
    upsertById(flow.ui, passwordSubmit());
  },
  async register(ctx, flow) {
    methodEnabledAndAllowed('password', await submittedMethod(ctx), ctx.deps.config.passwordEnabled);
    return registerWithPassword(ctx, flow);
  },
};

async function registerWithPassword(ctx: RequestContext, flow: RegistrationFlow): Promise<Identity> {
  const schema = schemaForFlow(ctx, flow);
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, { fields: schema.fields.passwordRegistration });
    const invalidPayload = schema.validatePayload('passwordRegistration', payload);
    if (invalidPayload) throw FlowValidationError.fromSchema(invalidPayload);
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));

    const password = stringField(payload, 'password');
    if (password === '') throw FlowValidationError.of('password', messages.required('password'));
    const tooLong = passwordTooLong(password);
    if (tooLong) throw FlowValidationError.of('password', tooLong);

    const traits = payload.traits ?? {};
    const invalidIdentity = schema.validateIdentity(traits);
    if (invalidIdentity) throw FlowValidationError.fromSchema(invalidIdentity);
    const identifiers = passwordIdentifiers(schema, traits);
    if (identifiers.length === 0) throw FlowValidationError.of('', messages.identifierMissing());
    for (const identifier of identifiers) {
      const violation = passwordPolicyViolation(identifier, password);
      if (violation) throw FlowValidationError.of('password', violation);
    }

    const now = ctx.deps.now();
    const identity = newIdentity(schema.id, traits, now);
    identity.credentials.password = {
      type: 'password',
      identifiers,
      config: { hashedPassword: await hashPassword(password) },
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
    return identity;
  } catch (error) {
    echoTraits(flow, payload);
    throw error;
  }
}
