/** The JSON of login flows (`login.Flow` field order) and where their UI lives. */
import type { LoginFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import { goTime } from '../time';
import { containerJson } from '../ui/serialize';

/**
 * Field order of `login.Flow`. `transient_payload` is `db:"-"`: only answers written from the
 * flow in memory (a code was just sent, an identifier-first step) show it.
 */
export function loginFlowJson(
  flow: LoginFlow,
  options: { transientPayload?: boolean } = {},
): Record<string, unknown> {
  return {
    id: flow.id,
    organization_id: flow.organizationId,
    type: flow.type,
    expires_at: goTime(flow.expiresAt),
    issued_at: goTime(flow.issuedAt),
    request_url: flow.requestUrl,
    return_to: flow.returnTo,
    active: flow.active,
    ui: containerJson(flow.ui),
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

export function loginUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/login`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}
