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
import type { RequestContext } from '../http/requestContext';
import { newIdentity, passwordIdentifiers, type Identity } from '../identity/identity';
import { isJsonObject, type JsonObject } from '../json';
import { passwordPolicyViolation, passwordTooLong } from '../password/passwordPolicy';
import { messages } from '../text/messages';
import { flatten, setNodeValue } from '../ui/nodes';
import { schemaForFlow } from './registrationFlow';

/** `handleRegistrationError`: submitted traits are echoed into the existing nodes. */
export function echoTraits(flow: RegistrationFlow, payload: JsonObject): void {
  for (const [name, value] of flatten(payload.traits, 'traits')) setNodeValue(flow.ui, name, value);
}

export async function registerWithPassword(ctx: RequestContext, flow: RegistrationFlow): Promise<Identity> {
  const schema = schemaForFlow(ctx, flow);
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, {
      fields: schema.registrationFields,
      goType: 'password.updateRegistrationFlowWithPasswordMethod',
      stringFields: ['password', 'csrf_token', 'method'],
    });
    const violations = schema.validateRegistrationPayload(payload);
    if (violations.length > 0) throw FlowValidationError.fromViolations(violations);
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');

    const password = typeof payload.password === 'string' ? payload.password : '';
    if (password === '') throw FlowValidationError.of('password', messages.required('password'));
    const tooLong = passwordTooLong(password);
    if (tooLong) throw FlowValidationError.of('password', tooLong);

    const traits = payload.traits ?? {};
    const identityViolations = schema.validateIdentity(traits);
    if (identityViolations.length > 0) throw FlowValidationError.fromViolations(identityViolations);
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
