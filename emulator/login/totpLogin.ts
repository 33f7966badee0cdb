/**
 * The TOTP second factor at login (`selfservice/strategy/totp/login.go`): an `aal=aal2` flow of an
 * identity with a TOTP key shows `totp_code`; a valid RFC 6238 code upgrades the session to aal2.
 */
import { csrfTokenFor } from '../csrf/csrf';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { submittedMethod } from '../flow/method';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { decodeBody, type FieldSpec } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { isJsonObject, type JsonObject } from '../json';
import type { ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { secretOf, validateTotp } from '../totp/totpKey';
import { inputNode, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { checkAal, type LoginStrategy } from './loginStrategy';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['method', { type: 'string', required: true }],
  ['totp_code', { type: 'string', required: true }],
  ['transient_payload', { type: 'json', required: false }],
]);

/** `PopulateLoginMethod`: only for identities that have a TOTP credential. */
function populate(flow: LoginFlow, active: ActiveSession): void {
  if (!active.identity.credentials.totp) return;
  setCsrf(flow.ui, flow.csrfToken);
  upsertById(
    flow.ui,
    inputNode('totp_code', 'totp', 'text', {
      value: '',
      required: true,
      label: messages.infoLoginTotpLabel(),
    }),
  );
  flow.ui.nodes.push(submitNode('totp', 'totp', messages.infoLoginTotp()));
}

/** `handleLoginError`: the code field is emptied. */
function handleLoginError(ctx: RequestContext, flow: LoginFlow): void {
  setNodeValue(flow.ui, 'totp_code', undefined);
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
}

export const totpLoginStrategy: LoginStrategy = {
  id: 'totp',
  group: 'totp',
  enabled: (config) => config.totpEnabled,
  aal2: {
    secondFactor: (_ctx, flow, active) => {
      populate(flow, active);
    },
    secondFactorRefresh: (_ctx, flow, active) => {
      populate(flow, active);
    },
  },
  async login(ctx, flow, active) {
    checkAal(flow, 'aal2');
    methodEnabledAndAllowed('totp', await submittedMethod(ctx), ctx.deps.config.totpEnabled);
    try {
      const payload: JsonObject = await decodeBody(ctx, { fields: FIELDS });
      const invalid = ctx.deps.schemas.validateStaticPayload('totpLogin', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
      ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
      const identity = active?.identity;
      const keyUrl = identity?.credentials.totp?.config.totpUrl;
      if (identity === undefined || keyUrl === undefined)
        throw FlowValidationError.of('', messages.noTotpDevice());
      const code = typeof payload.totp_code === 'string' ? payload.totp_code : '';
      if (!validateTotp(secretOf(keyUrl), code, ctx.deps.now())) {
        throw FlowValidationError.of('', messages.totpVerifierWrong());
      }
      flow.active = 'totp';
      return identity;
    } catch (error) {
      handleLoginError(ctx, flow);
      throw error;
    }
  },
  completedMethod: (_ctx, now) => ({ method: 'totp', aal: 'aal2', completedAt: now }),
};
