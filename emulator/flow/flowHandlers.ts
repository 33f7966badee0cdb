/**
 * The endpoint plumbing every self-service flow kind shares (`selfservice/flow/<kind>/handler.go`):
 * creating API and browser flows, `GET /self-service/<kind>/flows?id=` (404, CSRF, 410), and
 * loading the flow a submit names. Kind-specific parts come in through a {@link FlowEndpointSpec}.
 */
import { csrfTokenValid, csrfViolation } from '../csrf/csrf';
import { HerodotError, resourceNotFound } from '../http/herodotError';
import { acceptsJson, isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import { forwardError } from './errorForwarding';
import { CompletedByStrategy } from './strategyOutcome';
import { isExpired, type AnyFlow, type FlowKind, type FlowOf, type FlowType } from './flow';
import { getFlowId, validatedReturnTo } from './flowRequest';

export interface FlowEndpointSpec<K extends FlowKind> {
  readonly kind: K;
  /**
   * `New<Kind>Flow`: throws herodot errors (already logged in, bad `return_to`, disabled...).
   * `replacing` builds the replacement of an expired flow for the submitting request, which must
   * not fail on that request's session or query.
   */
  create(ctx: RequestContext, type: FlowType, options?: { replacing?: boolean }): FlowOf<K>;
  toJson(flow: FlowOf<K>): Record<string, unknown>;
  /** The flow's `ui_url` (`<ui>/login`, ...). */
  uiUrl(ctx: RequestContext): string;
  /** Browser init with a session and a non-JSON request: login/registration 303, recovery 302. */
  readonly authenticatedRedirectStatus: 302 | 303;
  /** Recovery's and verification's expired browser flow errors have no `id` (`ErrGone` without `WithID`). */
  readonly expiredBrowserFetchHasId: boolean;
}

const isAlreadyLoggedIn = (error: unknown): boolean =>
  error instanceof HerodotError && error.id === 'session_already_available';

/** `GET /self-service/<kind>/api`: the flow as JSON, or the error as JSON. */
export function createApiFlow<K extends FlowKind>(spec: FlowEndpointSpec<K>) {
  return (ctx: RequestContext): void => {
    let flow: FlowOf<K>;
    try {
      flow = spec.create(ctx, 'api');
    } catch (error) {
      if (error instanceof CompletedByStrategy) return;
      if (error instanceof HerodotError) {
        sendError(ctx, error);
        return;
      }
      throw error;
    }
    sendJson(ctx, 200, spec.toJson(flow));
  };
}

/**
 * `GET /self-service/<kind>/browser`: `Accept: application/json` gets the flow (the middleware
 * already set the CSRF cookie its token is masked from), anything else a 303 to the UI. A session
 * makes JSON callers fail and sends browsers to `return_to` or the default return URL.
 */
export function createBrowserFlow<K extends FlowKind>(spec: FlowEndpointSpec<K>) {
  return (ctx: RequestContext): void => {
    let flow: FlowOf<K>;
    try {
      flow = spec.create(ctx, 'browser');
    } catch (error) {
      if (error instanceof CompletedByStrategy) return;
      if (isAlreadyLoggedIn(error) && !isJsonRequest(ctx)) {
        let target = ctx.deps.config.defaultBrowserReturnUrl;
        try {
          target = validatedReturnTo(ctx) ?? target;
        } catch {
          // An unusable return_to falls back to the default, as `SecureRedirectTo` does.
        }
        redirect(ctx, spec.authenticatedRedirectStatus, target);
        return;
      }
      forwardError(ctx, undefined, error);
      return;
    }
    if (acceptsJson(ctx)) sendJson(ctx, 200, spec.toJson(flow));
    else redirect(ctx, 303, `${spec.uiUrl(ctx)}?flow=${flow.id}`);
  };
}

/** The plain 410 of `GET flows` (no `use_flow_id`; `details` say how to start over). */
export function expiredOnFetch(
  ctx: RequestContext,
  kind: FlowKind,
  flow: AnyFlow,
  browserHasId = true,
): HerodotError {
  const base = ctx.deps.config.publicBaseUrl;
  if (flow.type === 'browser') {
    return new HerodotError({
      code: 410,
      id: browserHasId ? 'self_service_flow_expired' : undefined,
      reason: `The ${kind} flow has expired. Redirect the user to the ${kind} flow init endpoint to initialize a new ${kind} flow.`,
      details: { redirect_to: `${base}self-service/${kind}/browser`, return_to: flow.returnTo ?? '' },
    });
  }
  const details = { api: `${base}self-service/${kind}/api` };
  if (kind === 'recovery') {
    // `flow.NewFlowExpiredError(...).WithDetail(...)`: the generic text, without `expired_at`/`since`.
    const minutes = (ctx.deps.now().getTime() - flow.expiresAt.getTime()) / 60_000;
    return new HerodotError({
      code: 410,
      id: 'self_service_flow_expired',
      reason: `The self-service flow expired ${minutes.toFixed(2)} minutes ago, initialize a new one.`,
      message: 'self-service flow expired',
      details,
    });
  }
  return new HerodotError({
    code: 410,
    // Verification uses `ErrGone` without an id here.
    id: kind === 'verification' ? undefined : 'self_service_flow_expired',
    reason: `The ${kind} flow has expired. Call the ${kind} flow init API endpoint to initialize a new ${kind} flow.`,
    details,
  });
}

/** `GET /self-service/<kind>/flows?id=`: 404, then the browser flow's CSRF check, then 410. */
export function getFlow<K extends FlowKind>(spec: FlowEndpointSpec<K>) {
  return (ctx: RequestContext): void => {
    const flow = ctx.deps.store.getFlow(spec.kind, ctx.query.get('id') ?? '');
    if (!flow) {
      sendError(ctx, resourceNotFound());
      return;
    }
    if (flow.type === 'browser' && flow.skipCsrf !== true && !csrfTokenValid(ctx, flow.csrfToken)) {
      sendError(ctx, csrfViolation(ctx, ctx.query.get('csrf_token') ?? ''));
      return;
    }
    if (isExpired(flow, ctx.deps.now())) {
      sendError(ctx, expiredOnFetch(ctx, spec.kind, flow, spec.expiredBrowserFetchHasId));
      return;
    }
    sendJson(ctx, 200, spec.toJson(flow));
  };
}

/**
 * The submit preamble: the `?flow=` id (400) and the stored flow (404). Failures are answered
 * here (JSON, or the error UI for browsers) and yield `undefined`.
 */
export function flowForSubmit<K extends FlowKind>(
  ctx: RequestContext,
  kind: K,
  notFound: () => HerodotError = resourceNotFound,
): FlowOf<K> | undefined {
  let id: string;
  try {
    id = getFlowId(ctx);
  } catch (error) {
    forwardError(ctx, undefined, error);
    return undefined;
  }
  const flow = ctx.deps.store.getFlow(kind, id);
  if (!flow) forwardError(ctx, undefined, notFound());
  return flow;
}
