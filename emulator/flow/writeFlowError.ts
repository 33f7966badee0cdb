/**
 * The login/registration `ErrorHandler.WriteFlowError`: expired flows are replaced (410 with
 * `use_flow_id`), 400 herodot errors become message 4000001, validation errors land on their nodes,
 * and the whole flow is answered with status 400. Anything else is forwarded as an error.
 */
import { HerodotError } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import { messages, type UiText } from '../text/messages';
import { addMessage, resetMessages, type UiContainer } from '../ui/nodes';
import type { FlowOf } from './flow';
import type { FlowEndpointSpec } from './flowHandlers';
import { forwardError } from './errorForwarding';
import { FlowExpiredError, FlowValidationError } from './flowErrors';

/** What the shared error handling needs to know about login and registration flows. */
export interface FlowKindAdapter<K extends 'login' | 'registration'> extends FlowEndpointSpec<K> {
  /** The "flow expired" message (4010001 / 4040001) put on the replacement flow. */
  expiredMessage(expiredAt: Date, now: Date): UiText;
  sortNodes(ctx: RequestContext, flow: FlowOf<K>): void;
  /** Registration redirects with 302, every other flow with 303. */
  readonly browserRedirectStatus: 302 | 303;
}

/**
 * `FromOldFlow`: a fresh flow of the same type for the submitting request, keeping the original
 * request URL and carrying the "expired" message.
 */
function replaceExpired<K extends 'login' | 'registration'>(
  ctx: RequestContext,
  old: FlowOf<K>,
  expiredAt: Date,
  adapter: FlowKindAdapter<K>,
): FlowOf<K> {
  const replacement = adapter.create(ctx, old.type, { replacing: true });
  replacement.requestUrl = old.requestUrl;
  replacement.ui.messages.push(adapter.expiredMessage(expiredAt, ctx.deps.now()));
  ctx.deps.store.saveFlow(replacement);
  return replacement;
}

/**
 * `Container.ParseError`: a 400 herodot error becomes message 4000001 with its reason, validation
 * errors land on their nodes. Returns false for anything else (the caller forwards those).
 */
export function applyErrorToUi(ui: UiContainer, error: unknown): boolean {
  if (error instanceof HerodotError && error.code === 400) {
    addMessage(ui, messages.validationGeneric(error.reason ?? ''));
    return true;
  }
  if (error instanceof FlowValidationError) {
    for (const item of error.items) addMessage(ui, item.message, item.field);
    return true;
  }
  return false;
}

export function writeFlowError<K extends 'login' | 'registration'>(
  ctx: RequestContext,
  flow: FlowOf<K> | undefined,
  error: unknown,
  adapter: FlowKindAdapter<K>,
): void {
  if (flow === undefined) {
    forwardError(ctx, undefined, error);
    return;
  }
  const json = flow.type === 'api' || isJsonRequest(ctx);

  if (error instanceof FlowExpiredError) {
    const replacement = replaceExpired(ctx, flow, error.expiredAt, adapter);
    if (json) sendError(ctx, error.toHerodot(ctx.deps.now(), replacement.id));
    else redirect(ctx, 303, `${adapter.uiUrl(ctx)}?flow=${replacement.id}`);
    return;
  }

  resetMessages(flow.ui);
  if (!applyErrorToUi(flow.ui, error)) {
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
