/**
 * What the one-field second factors share at login (`selfservice/strategy/totp/login.go`,
 * `selfservice/strategy/lookup/login.go` are the same steps with another field): an `aal=aal2` flow
 * of an identity with the credential shows the field and its button; a submit checks the AAL and
 * the method, validates the payload and the CSRF token, lets the method check the secret, and on
 * any error empties the field.
 */
import { csrfTokenFor } from '../csrf/csrf';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { submittedMethod } from '../flow/method';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import { staticPayloadFields, type StaticPayloadKind } from '../identity/schemaRegistry';
import { stringField } from '../json';
import type { EmulatorConfig } from '../options';
import type { ActiveSession } from '../session/sessionLookup';
import type { UiText } from '../text/messages';
import { inputNode, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { checkAal, type LoginStrategy } from './loginStrategy';

/** What differs between the second factors: names, texts, and how the secret is checked. */
export interface SecondFactor {
  /** The credentials type, which is also the `method` value and the node group. */
  readonly id: 'totp' | 'lookup_secret';
  /** The form field that carries the secret. */
  readonly field: string;
  /** The method's payload schema (`.schema/login.schema.json`), which also lists the form fields. */
  readonly payloadKind: StaticPayloadKind;
  enabled(config: EmulatorConfig): boolean;
  fieldLabel(): UiText;
  submitLabel(): UiText;
  /**
   * The identity the submitted secret signs in; throws the validation error for a missing
   * credential or a wrong secret. `identity` is the session's (always there for aal2 flows).
   */
  verify(ctx: RequestContext, identity: Identity | undefined, secret: string): Identity;
}

/** `PopulateLoginMethod`: only for identities that have the credential. */
function populate(factor: SecondFactor, flow: LoginFlow, active: ActiveSession): void {
  if (!active.identity.credentials[factor.id]) return;
  setCsrf(flow.ui, flow.csrfToken);
  upsertById(
    flow.ui,
    inputNode(factor.field, factor.id, 'text', { value: '', required: true, label: factor.fieldLabel() }),
  );
  flow.ui.nodes.push(submitNode(factor.id, factor.id, factor.submitLabel()));
}

/** `handleLoginError`: the secret's field is emptied. */
function handleLoginError(ctx: RequestContext, factor: SecondFactor, flow: LoginFlow): void {
  setNodeValue(flow.ui, factor.field, undefined);
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
}

export function secondFactorLoginStrategy(factor: SecondFactor): LoginStrategy {
  const fields = staticPayloadFields(factor.payloadKind);
  return {
    id: factor.id,
    group: factor.id,
    enabled: (config) => factor.enabled(config),
    aal2: {
      secondFactor: (_ctx, flow, active) => {
        populate(factor, flow, active);
      },
      secondFactorRefresh: (_ctx, flow, active) => {
        populate(factor, flow, active);
      },
    },
    async login(ctx, flow, active) {
      checkAal(flow, 'aal2');
      methodEnabledAndAllowed(factor.id, await submittedMethod(ctx), factor.enabled(ctx.deps.config));
      try {
        const payload = await decodeBody(ctx, { fields });
        const invalid = ctx.deps.schemas.validateStaticPayload(factor.payloadKind, payload);
        if (invalid) throw FlowValidationError.fromSchema(invalid);
        ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
        const identity = factor.verify(ctx, active?.identity, stringField(payload, factor.field));
        flow.active = factor.id;
        return identity;
      } catch (error) {
        handleLoginError(ctx, factor, flow);
        throw error;
      }
    },
    completedMethod: (_ctx, now) => ({ method: factor.id, aal: 'aal2', completedAt: now }),
  };
}
