/**
 * The password login strategy (`selfservice/strategy/password/login.go`): decode and validate the
 * payload, refuse browser-ish requests on API flows, find the identity by identifier and compare
 * the password. Unknown identifiers and wrong passwords both yield message 4000006.
 */
import { dummyVerify, verifyPassword } from '../crypto/passwordHash';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { LOGIN_FIELDS } from '../identity/schemaRegistry';
import { isJsonObject, type JsonObject } from '../json';
import { messages } from '../text/messages';
import { setNodeValue } from '../ui/nodes';

function stringField(payload: JsonObject, key: string): string {
  const value = payload[key];
  return typeof value === 'string' ? value : '';
}

/** `handleLoginError`: the password is never echoed, the identifier always is. */
function echoIdentifier(flow: LoginFlow, payload: JsonObject): void {
  setNodeValue(flow.ui, 'password', undefined);
  const identifier = stringField(payload, 'identifier') || stringField(payload, 'password_identifier');
  setNodeValue(flow.ui, 'identifier', identifier);
}

export async function loginWithPassword(ctx: RequestContext, flow: LoginFlow): Promise<Identity> {
  let payload: JsonObject = {};
  try {
    payload = await decodeBody(ctx, {
      fields: LOGIN_FIELDS,
    });
    const invalid = ctx.deps.schemas.validateLoginPayload(payload);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
    if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));

    const identifier = stringField(payload, 'identifier') || stringField(payload, 'password_identifier');
    const password = stringField(payload, 'password');
    const identity = ctx.deps.store.findByCredentialsIdentifier('password', identifier);
    const hash = identity?.credentials.password?.config.hashedPassword;
    if (identity === undefined || hash === undefined) {
      await dummyVerify(password);
      throw FlowValidationError.of('', messages.invalidCredentials());
    }
    if (!(await verifyPassword(password, hash)))
      throw FlowValidationError.of('', messages.invalidCredentials());
    flow.active = 'password';
    return identity;
  } catch (error) {
    echoIdentifier(flow, payload);
    throw error;
  }
}
