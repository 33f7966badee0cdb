/**
 * Backup codes as the second factor (`selfservice/strategy/lookup/login.go`): an `aal=aal2` flow of
 * an identity with backup codes shows `lookup_secret`; each code works once, and a used one says so.
 */
import { csrfTokenFor } from '../csrf/csrf';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { submittedMethod } from '../flow/method';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { decodeBody, type FieldSpec } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import type { JsonObject } from '../json';
import type { ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { inputNode, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { checkAal, type LoginStrategy } from './loginStrategy';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['method', { type: 'string', required: true }],
  ['lookup_secret', { type: 'string', required: true }],
  ['transient_payload', { type: 'json', required: false }],
]);

function populate(flow: LoginFlow, active: ActiveSession): void {
  if (!active.identity.credentials.lookup_secret) return;
  setCsrf(flow.ui, flow.csrfToken);
  upsertById(
    flow.ui,
    inputNode('lookup_secret', 'lookup_secret', 'text', {
      value: '',
      required: true,
      label: messages.infoLoginLookupLabel(),
    }),
  );
  flow.ui.nodes.push(submitNode('lookup_secret', 'lookup_secret', messages.infoLoginLookup()));
}

function handleLoginError(ctx: RequestContext, flow: LoginFlow): void {
  setNodeValue(flow.ui, 'lookup_secret', undefined);
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
}

export const lookupLoginStrategy: LoginStrategy = {
  id: 'lookup_secret',
  group: 'lookup_secret',
  enabled: (config) => config.lookupSecretEnabled,
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
    methodEnabledAndAllowed('lookup_secret', await submittedMethod(ctx), ctx.deps.config.lookupSecretEnabled);
    try {
      const payload: JsonObject = await decodeBody(ctx, { fields: FIELDS });
      const invalid = ctx.deps.schemas.validateStaticPayload('lookupLogin', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
      const stored = active ? ctx.deps.store.getIdentity(active.identity.id) : undefined;
      const credential = stored?.credentials.lookup_secret;
      if (stored === undefined || credential === undefined)
        throw FlowValidationError.of('', messages.noLookup());
      const submitted = typeof payload.lookup_secret === 'string' ? payload.lookup_secret : '';
      const codes = credential.config.recoveryCodes ?? [];
      const match = codes.find((c) => c.code === submitted);
      if (match?.usedAt !== undefined) throw FlowValidationError.of('', messages.lookupAlreadyUsed());
      if (match === undefined) throw FlowValidationError.of('', messages.lookupInvalid());
      // `time.Now().UTC().Round(time.Second)`.
      match.usedAt = new Date(Math.round(ctx.deps.now().getTime() / 1000) * 1000);
      stored.updatedAt = ctx.deps.now();
      flow.active = 'lookup_secret';
      return stored;
    } catch (error) {
      handleLoginError(ctx, flow);
      throw error;
    }
  },
  completedMethod: (_ctx, now) => ({ method: 'lookup_secret', aal: 'aal2', completedAt: now }),
};
