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
import { decodeBody, type FieldSpec } from '../http/body';
import { notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { newIdentity, passwordIdentifiers, type Identity } from '../identity/identity';
import { payloadFields, type IdentitySchema } from '../identity/schemaRegistry';
import { isJsonObject, type JsonObject } from '../json';
import { passwordPolicyViolation, passwordTooLong } from '../password/passwordPolicy';
import { messages } from '../text/messages';
import { flatten, setNodeValue } from '../ui/nodes';
import { schemaForFlow } from './registrationFlow';

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
export async function passkeyRegistrationStage(ctx: RequestContext, flow: RegistrationFlow): Promise<void> {
  const schema = schemaForFlow(ctx, flow);
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, { fields: passkeyFields(schema) });
    const invalid = schema.validatePayload('passkeyRegistration', payload);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
    const register = typeof payload.passkey_register === 'string' ? payload.passkey_register : '';
    if (register === '' || register === 'true') {
      throw FlowValidationError.of('', messages.registrationNoStrategy());
    }
    ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
    throw notFound(STRATEGY_DISABLED);
  } catch (error) {
    if (!(error instanceof FlowValidationError && error.items[0]?.message.id === 4010003)) {
      echoTraits(flow, payload);
    }
    throw error;
  }
}

const STRATEGY_DISABLED =
  'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.';

const passkeyFieldCache = new WeakMap<IdentitySchema, Map<string, FieldSpec>>();

function passkeyFields(schema: IdentitySchema): Map<string, FieldSpec> {
  let fields = passkeyFieldCache.get(schema);
  if (!fields) {
    fields = payloadFields(
      { csrf_token: 'string', method: 'string', passkey_register: 'string', transient_payload: 'json' },
      schema.traitPaths,
    );
    passkeyFieldCache.set(schema, fields);
  }
  return fields;
}

export async function registerWithPassword(ctx: RequestContext, flow: RegistrationFlow): Promise<Identity> {
  const schema = schemaForFlow(ctx, flow);
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, { fields: schema.registrationFields });
    const invalidPayload = schema.validatePayload('passwordRegistration', payload);
    if (invalidPayload) throw FlowValidationError.fromSchema(invalidPayload);
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');

    const password = typeof payload.password === 'string' ? payload.password : '';
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
