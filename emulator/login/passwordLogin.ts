/**
 * The password login strategy (`selfservice/strategy/password/login.go`): its forms (identifier +
 * password, the refresh form with the hidden identifier, the identifier-first second screen) and
 * the submit: decode and validate the payload, refuse browser-ish requests on API flows, find the
 * identity by identifier and compare the password. Unknown identifiers and wrong passwords both
 * yield message 4000006.
 */
import { csrfTokenFor, formCsrfToken } from '../csrf/csrf';
import { dummyVerify, verifyPassword } from '../crypto/passwordHash';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { submittedMethod } from '../flow/method';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { LOGIN_FIELDS } from '../identity/schemaRegistry';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { messages } from '../text/messages';
import { inputNode, passwordNode, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { checkAal, NoCredentialsFound, type LoginStrategy } from './loginStrategy';

/** `handleLoginError`: the password is never echoed, the identifier always is. */
function handleLoginError(ctx: RequestContext, flow: LoginFlow, payload: JsonObject): void {
  setNodeValue(flow.ui, 'password', undefined);
  setNodeValue(
    flow.ui,
    'identifier',
    stringField(payload, 'identifier') || stringField(payload, 'password_identifier'),
  );
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
}

/** The password form's two password-group nodes. */
function addPasswordNodes(flow: LoginFlow, csrf: string): void {
  setCsrf(flow.ui, csrf);
  upsertById(flow.ui, passwordNode('current-password'));
  flow.ui.nodes.push(submitNode('password', 'password', messages.infoLoginPassword()));
}

/** `addIdentifierNode`: the schema's identifier label on a text input. */
export function identifierNode(ctx: RequestContext) {
  return inputNode('identifier', 'default', 'text', {
    value: '',
    required: true,
    label: ctx.deps.schemas.default.identifierLabel,
  });
}

export const passwordLoginStrategy: LoginStrategy = {
  id: 'password',
  group: 'password',
  enabled: (config) => config.passwordEnabled,
  aal1: {
    firstFactor(ctx, flow) {
      upsertById(flow.ui, identifierNode(ctx));
      addPasswordNodes(flow, flow.csrfToken);
    },
    firstFactorRefresh(_ctx, flow, active) {
      // `GuessForcedLoginIdentifier`: the password credential's first identifier, shown hidden.
      const identifier = active.identity.credentials.password?.identifiers[0] ?? '';
      if (identifier === '' || active.identity.credentials.password?.config.hashedPassword === undefined)
        return;
      setCsrf(flow.ui, flow.csrfToken);
      upsertById(flow.ui, inputNode('identifier', 'default', 'hidden', { value: identifier }));
      upsertById(flow.ui, passwordNode('current-password'));
      flow.ui.nodes.push(submitNode('password', 'password', messages.infoLogin()));
    },
    identifierFirstIdentification() {
      // The identifier screen belongs to the `identifier_first` method.
    },
    identifierFirstCredentials(ctx, flow, hint) {
      // `CountActiveFirstFactorCredentials` of the hinted identity's password credential.
      const password = hint?.credentials.password;
      if (password?.config.hashedPassword !== undefined && (password.identifiers[0] ?? '') !== '') {
        addPasswordNodes(flow, formCsrfToken(ctx, flow));
      } else {
        throw new NoCredentialsFound();
      }
    },
  },
  async login(ctx, flow) {
    checkAal(flow, 'aal1');
    methodEnabledAndAllowed('password', await submittedMethod(ctx), ctx.deps.config.passwordEnabled);
    let payload: JsonObject = {};
    try {
      payload = await decodeBody(ctx, { fields: LOGIN_FIELDS });
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
      handleLoginError(ctx, flow, payload);
      throw error;
    }
  },
  completedMethod: (_ctx, now) => ({ method: 'password', aal: 'aal1', completedAt: now }),
};
