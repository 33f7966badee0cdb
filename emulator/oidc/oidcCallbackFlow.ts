/**
 * The part of `Strategy.ValidateCallback` that runs before Kratos holds the flow: `validateFlow`
 * (expiry; for settings the session and its identity) and the continuity cookie. Kratos returns
 * these errors without the flow, so they go to the error UI (or out as JSON), never into the flow's
 * messages — unlike the provider's `error=` answer, which is checked afterwards.
 */
import type { AnyFlow } from '../flow/flow';
import { isExpired } from '../flow/flow';
import { FlowExpiredError } from '../flow/flowErrors';
import { parseCookieHeader } from '../http/cookies';
import { badRequest, HerodotError } from '../http/herodotError';
import { header, type RequestContext } from '../http/requestContext';
import { fetchSession } from '../session/sessionLookup';
import { tokenExchangeForFlow } from '../session/tokenExchange';
import type { OidcAuthState } from '../store/store';
import { CONTINUITY_COOKIE } from './oidcStart';

/** `ExpiredError` without a replacement flow: `use_flow_id` is Go's zero UUID. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** `continuity.ErrNotResumable`. */
const notResumable = (): HerodotError =>
  new HerodotError({
    code: 400,
    reason:
      "The browser does not contain the necessary cookie to resume the session. This is a security violation and was blocked. Please clear your browser's cookies and cache and try again!",
    message: 'no resumable session found',
  });

/** `validateFlow`. */
function flowError(ctx: RequestContext, flow: AnyFlow): HerodotError | undefined {
  const now = ctx.deps.now();
  if (flow.kind === 'settings') {
    const active = fetchSession(ctx);
    if (!active)
      return new HerodotError({
        code: 401,
        id: 'session_inactive',
        reason: 'No active session was found in this request.',
        message: 'request does not have a valid authentication session',
      });
    if (isExpired(flow, now)) return new FlowExpiredError(flow.expiresAt).toHerodot(now, NIL_UUID);
    if (active.identity.id !== flow.identity.id)
      return new HerodotError({
        code: 403,
        id: 'security_identity_mismatch',
        reason:
          'The request was initiated by someone else and has been blocked for security reasons. Please go back and try again.',
      });
    return undefined;
  }
  return isExpired(flow, now) ? new FlowExpiredError(flow.expiresAt).toHerodot(now, NIL_UUID) : undefined;
}

/**
 * Browsers prove they started the flow with the continuity cookie; native apps that asked for a
 * session token exchange code prove it with the state, which carries that code.
 */
export function callbackFlowError(
  ctx: RequestContext,
  flow: AnyFlow,
  state: OidcAuthState,
): HerodotError | undefined {
  const invalid = flowError(ctx, flow);
  if (invalid) return invalid;
  const exchange = flow.kind === 'settings' ? undefined : tokenExchangeForFlow(ctx, flow.id);
  if (flow.type === 'api' && exchange) return undefined;
  const cookie = parseCookieHeader(header(ctx, 'cookie')).get(CONTINUITY_COOKIE);
  if (cookie === state.continuity) return undefined;
  // The cookie names a stored container: an unknown one cannot be resumed, another flow's has another state.
  const known = [...ctx.deps.store.oidcStates.values()].some((other) => other.continuity === cookie);
  if (cookie === undefined || !known) return notResumable();
  return badRequest(
    'Unable to complete OpenID Connect flow because the query state parameter does not match the state parameter from the session cookie.',
  );
}
