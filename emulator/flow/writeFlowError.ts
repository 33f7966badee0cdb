/**
 * The login/registration `ErrorHandler.WriteFlowError`: expired flows are replaced (410 with
 * `use_flow_id`), 400 herodot errors become message 4000001, validation errors land on their nodes,
 * and the whole flow is answered with status 400. Anything else is forwarded as an error.
 */
import { HerodotError } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import { messages } from '../text/messages';
import { addMessage, resetMessages } from '../ui/nodes';
import type { AnyFlow } from './flow';
import { forwardError } from './errorForwarding';
import { FlowExpiredError, FlowValidationError } from './flowErrors';

export interface FlowKindAdapter<F extends AnyFlow> {
  /** `FromOldFlow`: a fresh flow of the same type carrying the "expired" message. */
  replaceExpired(ctx: RequestContext, old: F, expiredAt: Date): F;
  sortNodes(ctx: RequestContext, flow: F): void;
  toJson(flow: F): Record<string, unknown>;
  /** Where browser flows are sent to show the errors (the UI URL). */
  uiUrl(ctx: RequestContext): string;
  /** Registration redirects with 302, every other flow with 303. */
  readonly browserRedirectStatus: 302 | 303;
}

export function writeFlowError<F extends AnyFlow>(
  ctx: RequestContext,
  flow: F | undefined,
  error: unknown,
  adapter: FlowKindAdapter<F>,
): void {
  if (flow === undefined) {
    forwardError(ctx, undefined, error);
    return;
  }
  const json = flow.type === 'api' || isJsonRequest(ctx);

  if (error instanceof FlowExpiredError) {
    const replacement = adapter.replaceExpired(ctx, flow, error.expiredAt);
    if (json) sendError(ctx, error.toHerodot(ctx.deps.now(), replacement.id));
    else redirect(ctx, 303, `${adapter.uiUrl(ctx)}?flow=${replacement.id}`);
    return;
  }

  resetMessages(flow.ui);
  if (error instanceof HerodotError && error.code === 400) {
    addMessage(flow.ui, messages.validationGeneric(error.reason ?? ''));
  } else if (error instanceof FlowValidationError) {
    for (const item of error.items) addMessage(flow.ui, item.message, item.field);
  } else {
    forwardError(ctx, flow, error);
    return;
  }
  adapter.sortNodes(ctx, flow);
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);

  if (!json) {
    redirect(ctx, adapter.browserRedirectStatus, `${adapter.uiUrl(ctx)}?flow=${flow.id}`);
    return;
  }
  sendJson(ctx, 400, adapter.toJson(flow));
}
