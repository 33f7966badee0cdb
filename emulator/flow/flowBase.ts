/**
 * The fields every new flow starts with (`NewFlow` of each kind): id, timestamps from the kind's
 * lifespan, the request URL, `return_to`, and the CSRF token (masked for browser flows, empty
 * for API flows).
 */
import { csrfTokenFor } from '../csrf/csrf';
import { newId } from '../crypto/tokens';
import type { RequestContext } from '../http/requestContext';
import type { SelfServiceFlowKind } from '../options';
import { goTime } from '../time';
import { containerJson } from '../ui/serialize';
import type { FlowBase, FlowType } from './flow';
import { requestUrl, validatedReturnTo } from './flowRequest';

export function newFlowBase(
  ctx: RequestContext,
  kind: SelfServiceFlowKind,
  type: FlowType,
  options: { replacing?: boolean; state: string },
): FlowBase & { readonly id: string } {
  const now = ctx.deps.now();
  return {
    id: newId(),
    type,
    expiresAt: new Date(now.getTime() + ctx.deps.config.flowLifespans[kind]),
    issuedAt: now,
    requestUrl: requestUrl(ctx),
    // A replacement is built for a submit request, whose query only names the old flow.
    returnTo: options.replacing === true ? undefined : validatedReturnTo(ctx),
    ui: { action: '', method: 'POST', nodes: [], messages: [] },
    state: options.state,
    organizationId: null,
    csrfToken: type === 'browser' ? csrfTokenFor(ctx) : '',
    createdAt: now,
    updatedAt: now,
  };
}

/** The leading fields shared by the JSON of every flow kind (login adds `organization_id` after the id). */
export function flowHeadJson(flow: FlowBase): Record<string, unknown> {
  return {
    id: flow.id,
    type: flow.type,
    expires_at: goTime(flow.expiresAt),
    issued_at: goTime(flow.issuedAt),
    request_url: flow.requestUrl,
    return_to: flow.returnTo,
    active: flow.active,
    ui: containerJson(flow.ui),
  };
}
