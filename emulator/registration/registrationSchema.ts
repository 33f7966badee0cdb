/**
 * What registration forms take from the identity schema: the trait nodes
 * (`node.NewInputFieldFromSchema`), the flow's schema, Kratos' registration node order
 * (`registration/sort.go`), the flow JSON, and answering with the form.
 */
import type { RegistrationFlow } from '../flow/flow';
import { flowHeadJson } from '../flow/flowBase';
import { CompletedByStrategy } from '../flow/strategyOutcome';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import type { IdentitySchema } from '../identity/schemaRegistry';
import type { SchemaPath } from '../identity/schemaPaths';
import { messages } from '../text/messages';
import { inputNode, type Autocomplete, type InputNode, type InputType } from '../ui/nodes';
import { passwordLoginOrder, schemaKeysInOrder, sortBySchema } from '../ui/sortBySchema';

/** `node.NewInputFieldFromSchema`. */
export function traitNode(path: SchemaPath): InputNode {
  let type: InputType =
    path.type === 'number' || path.type === 'integer'
      ? 'number'
      : path.type === 'boolean'
        ? 'checkbox'
        : 'text';
  let autocomplete: Autocomplete | undefined;
  switch (path.format) {
    case 'date-time':
      type = 'datetime-local';
      break;
    case 'email':
      type = 'email';
      autocomplete = 'email';
      break;
    case 'tel':
      type = 'tel';
      autocomplete = 'tel';
      break;
    case 'date':
      type = 'date';
      break;
    case 'uri':
      type = 'url';
      autocomplete = 'url';
      break;
    case 'regex':
      type = 'text';
      break;
  }
  return inputNode(path.name, 'default', type, {
    required: path.required,
    autocomplete,
    pattern: path.pattern,
    label:
      path.title !== undefined && path.title !== ''
        ? messages.labelGenerated(path.title, path.name)
        : undefined,
  });
}

export function schemaForFlow(ctx: RequestContext, flow: RegistrationFlow): IdentitySchema {
  const schemas = ctx.deps.schemas;
  return (
    (flow.identitySchema !== undefined ? schemas.get(flow.identitySchema) : undefined) ?? schemas.default
  );
}

/** The trait nodes of the flow's schema, in schema order, group `default`. */
export function traitNodes(ctx: RequestContext, flow: RegistrationFlow): InputNode[] {
  return schemaForFlow(ctx, flow)
    .traitPaths.filter((path) => path.leaf)
    .map((path) => traitNode(path));
}

/** `registration.SortNodes`: schema keys with `password` after the first trait, buttons last. */
export function sortRegistrationFlow(ctx: RequestContext, flow: RegistrationFlow): void {
  sortBySchema(flow.ui.nodes, {
    schemaKeys: schemaKeysInOrder(schemaForFlow(ctx, flow).raw),
    groups: ['oidc', 'saml', 'default', 'webauthn', 'passkey', 'code', 'password', 'captcha', 'profile'],
    updateKeys: passwordLoginOrder,
    appendKeys: ['webauthn_remove', 'webauthn_register_displayname', 'webauthn_register'],
  });
}

/**
 * Field order of `registration.Flow` (no `created_at`/`updated_at`/`refresh`). `transient_payload`
 * only shows in answers written from the flow in memory (a code was just sent, a profile step).
 */
export function registrationFlowJson(
  flow: RegistrationFlow,
  options: { transientPayload?: boolean } = {},
): Record<string, unknown> {
  return {
    ...flowHeadJson(flow),
    organization_id: flow.organizationId,
    transient_payload: options.transientPayload === true ? flow.transientPayload : undefined,
    session_token_exchange_code: flow.sessionTokenExchangeCode,
    state: flow.state,
    identity_schema: flow.identitySchema,
  };
}

/**
 * A step that shows the form again instead of registering (a code was sent, a screen of
 * `profile_first`): 400 with the flow, transient payload included, for JSON requests, else a 303
 * to the registration UI. The strategy answered.
 */
export function showRegistrationForm(ctx: RequestContext, flow: RegistrationFlow): never {
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);
  if (isJsonRequest(ctx)) sendJson(ctx, 400, registrationFlowJson(flow, { transientPayload: true }));
  else redirect(ctx, 303, registrationUiUrl(ctx, flow.id));
  throw new CompletedByStrategy();
}

export function registrationUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/registration`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}
