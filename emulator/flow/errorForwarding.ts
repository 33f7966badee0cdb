/**
 * `errorx.Manager.Forward`: errors of browser (non-JSON) requests are stored as an error container
 * and the browser is sent to the error UI with its id; JSON requests get the error itself.
 */
import { newId } from '../crypto/tokens';
import { GoError } from '../http/body';
import { HerodotError, internalError } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { errorEnvelope, redirect, sendError } from '../http/respond';
import type { FlowBase } from './flow';

export function toHerodot(error: unknown): HerodotError {
  if (error instanceof HerodotError) return error;
  // herodot's `ToDefaultError` of a plain Go error: a 500 whose message is the error text.
  if (error instanceof GoError) return new HerodotError({ code: 500, message: error.message });
  return internalError(error instanceof Error ? error.message : String(error));
}

export function forwardToErrorUi(ctx: RequestContext, error: HerodotError): void {
  const id = newId();
  const envelope = errorEnvelope(error);
  const inner = envelope.error;
  ctx.deps.store.saveError({
    id,
    error: typeof inner === 'object' && inner !== null ? { ...inner } : {},
    createdAt: ctx.deps.now(),
  });
  redirect(ctx, 303, `${ctx.deps.config.uiBaseUrl}/error?id=${id}`);
}

/**
 * The flow error handlers' `forward`: API flows and JSON requests get the error as JSON. API flows
 * answer with `x.RecoverStatusCode(err, 400)`: a plain Go error goes out as a 500 envelope with
 * status 400.
 */
export function forwardError(ctx: RequestContext, flow: FlowBase | undefined, error: unknown): void {
  const herodot = toHerodot(error);
  if (flow?.type === 'api' && error instanceof GoError) sendError(ctx, herodot, 400);
  else if (flow === undefined ? isJsonRequest(ctx) : flow.type === 'api' || isJsonRequest(ctx))
    sendError(ctx, herodot);
  else forwardToErrorUi(ctx, herodot);
}
