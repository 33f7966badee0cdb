/** The JSON of login flows (`login.Flow` field order), where their UI lives, and answering with the form. */
import type { LoginFlow } from '../flow/flow';
import { flowHeadJson } from '../flow/flowBase';
import { CompletedByStrategy } from '../flow/strategyOutcome';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import { goTime } from '../time';

/**
 * Field order of `login.Flow`. `transient_payload` is `db:"-"`: only answers written from the
 * flow in memory (a code was just sent, an identifier-first step) show it.
 */
export function loginFlowJson(
  flow: LoginFlow,
  options: { transientPayload?: boolean } = {},
): Record<string, unknown> {
  // The head every flow kind shares, with `organization_id` right after the id.
  const { id, ...head } = flowHeadJson(flow);
  return {
    id,
    organization_id: flow.organizationId,
    ...head,
    created_at: goTime(flow.createdAt),
    updated_at: goTime(flow.updatedAt),
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    session_token_exchange_code: flow.sessionTokenExchangeCode,
    state: flow.state,
    transient_payload: options.transientPayload === true ? flow.transientPayload : undefined,
    identity_schema: flow.identitySchema,
  };
}

/**
 * A step that shows the form again instead of signing in (a code was sent, the identifier-first
 * second screen): the flow, transient payload included, for JSON requests (`x.IsJSONRequest` only:
 * a native app's plain GET gets the 303 too), else a 303 to the login UI. The strategy answered.
 */
export function showLoginForm(ctx: RequestContext, flow: LoginFlow, status: 200 | 400): never {
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);
  if (isJsonRequest(ctx)) sendJson(ctx, status, loginFlowJson(flow, { transientPayload: true }));
  else redirect(ctx, 303, loginUiUrl(ctx, flow.id));
  throw new CompletedByStrategy();
}

export function loginUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/login`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}
