/**
 * Login endpoints (`selfservice/flow/login/handler.go`): `GET /self-service/login/api`,
 * `.../browser`, `.../flows` and `POST|GET /self-service/login`. A submit goes to every strategy in
 * turn until one is responsible; the post-login hook then issues or upgrades the session.
 */
import { linkDuplicateCredentials } from '../oidc/accountLinking';
import { browserLocationChangeRequired } from '../flow/flowErrors';
import { redirectBrowserTo } from '../flow/continueWith';
import { isExpired, type LoginFlow } from '../flow/flow';
import {
  FlowExpiredError,
  FlowValidationError,
  identityDisabled,
  loginAlreadyLoggedIn,
  sessionRequiredForHigherAal,
} from '../flow/flowErrors';
import { createApiFlow, createBrowserFlow, flowForSubmit, getFlow } from '../flow/flowHandlers';
import { CompletedByStrategy, StrategyNotResponsible } from '../flow/strategyOutcome';
import { writeFlowError } from '../flow/writeFlowError';
import { goEncodeQuery } from '../admin/pagination';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { Identity } from '../identity/identity';
import { sessionAalError } from '../session/assurance';
import {
  aalRank,
  completedLoginFor,
  deviceFromRequest,
  newSession,
  sessionJson,
  type AuthenticationMethod,
  type Session,
} from '../session/session';
import { issueSessionCookie } from '../session/sessionCookie';
import { tokenExchangeForFlow } from '../session/tokenExchange';
import { fetchSession, type ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { loginFlowAdapter } from './loginFlow';
import { ALL_LOGIN_STRATEGIES } from './loginStrategies';

/**
 * The session the login completes: the caller's own when it re-authenticates or upgrades, a new one
 * otherwise (`ActivateSession` renews the authentication time and expiry either way).
 */
function sessionForLogin(
  ctx: RequestContext,
  identity: Identity,
  current: ActiveSession | undefined,
  method: AuthenticationMethod,
): Session {
  const { config } = ctx.deps;
  const now = ctx.deps.now();
  if (current?.identity.id !== identity.id) {
    return newSession(identity, method.method, ctx.req, now, config.sessionLifespanMs, {
      aal: method.aal,
      provider: method.provider,
    });
  }
  const session = current.session;
  session.authenticatedAt = now;
  session.expiresAt = new Date(now.getTime() + config.sessionLifespanMs);
  completedLoginFor(session, method);
  const device = deviceFromRequest(ctx.req);
  session.reauthDevice = { ...device, id: session.reauthDevice?.id ?? device.id };
  return session;
}

/**
 * `checkAAL` with `PassReturnToAndLoginChallengeParameters`: the aal2 login URL carries the login
 * flow's own `return_to`.
 */
function aalShortfall(
  ctx: RequestContext,
  flow: LoginFlow,
  session: Session,
  identity: Identity,
): string | undefined {
  const { config } = ctx.deps;
  const error = sessionAalError(config, session, identity, config.whoamiRequiredAal);
  if (!error) return undefined;
  const query = new URLSearchParams({ aal: 'aal2' });
  const returnTo = new URL(flow.requestUrl, 'http://x.invalid').searchParams.get('return_to');
  if (returnTo !== null && returnTo !== '') query.set('return_to', returnTo);
  return `${config.publicBaseUrl}self-service/login/browser?${goEncodeQuery(query)}`;
}

/** The session in a login answer: a re-authenticated one also lists this login's device. */
function loginSessionJson(
  ctx: RequestContext,
  session: Session,
  identity: Identity,
  reauthenticated: boolean,
): Record<string, unknown> {
  const { config } = ctx.deps;
  const body = sessionJson(session, identity, { publicBaseUrl: config.publicBaseUrl, now: ctx.deps.now() });
  const extra = reauthenticated ? session.reauthDevice : undefined;
  if (!extra) return body;
  const devices = [...session.devices, extra].map((d) => ({
    id: d.id,
    ip_address: d.ipAddress,
    user_agent: d.userAgent,
    location: d.location,
  }));
  return { ...body, devices };
}

/** The post-login hooks (`selfservice/flow/login/hook.go` `PostLoginHook`). */
export function completeLogin(
  ctx: RequestContext,
  flow: LoginFlow,
  signedIn: Identity,
  current: ActiveSession | undefined,
  method: AuthenticationMethod,
): void {
  const { store, config } = ctx.deps;
  const now = ctx.deps.now();
  let identity = signedIn;
  if (identity.state !== 'active') {
    writeFlowError(ctx, flow, identityDisabled(identity.id), loginFlowAdapter);
    return;
  }
  const session = sessionForLogin(ctx, identity, current, method);
  const shortfall = aalShortfall(ctx, flow, session, identity);
  // Account linking waits until the login satisfies the required AAL (`maybeLinkCredentials`).
  const linked = shortfall === undefined ? linkDuplicateCredentials(ctx, flow, session, identity) : identity;
  if (linked instanceof FlowValidationError) {
    writeFlowError(ctx, flow, linked, loginFlowAdapter);
    return;
  }
  identity = linked;
  store.insertSession(session);
  flow.updatedAt = now;
  store.saveFlow(flow);
  const body = loginSessionJson(ctx, session, identity, current?.session === session);
  // `MaybeRedirectAPICodeFlow`: a native app's social sign-in ends in the browser, at `return_to?code=`.
  const exchange =
    flow.type === 'api' && method.method === 'oidc' ? tokenExchangeForFlow(ctx, flow.id) : undefined;
  if (exchange) {
    exchange.sessionId = session.id;
    const target = new URL(flow.returnTo ?? config.defaultBrowserReturnUrl);
    target.searchParams.set('code', exchange.returnToCode);
    redirect(ctx, 303, target.toString());
    return;
  }
  if (flow.type === 'api') {
    // A session that still needs its second factor comes without the identity.
    sendJson(ctx, 200, {
      session_token: session.token,
      session: shortfall === undefined ? body : { ...body, identity: null },
      continue_with: null,
    });
    return;
  }
  issueSessionCookie(ctx, session);
  const returnTo = flow.returnTo ?? config.defaultBrowserReturnUrl;
  if (shortfall !== undefined) {
    if (isJsonRequest(ctx)) sendError(ctx, browserLocationChangeRequired(shortfall));
    else redirect(ctx, 303, shortfall);
    return;
  }
  if (isJsonRequest(ctx)) sendJson(ctx, 200, { session: body, continue_with: [redirectBrowserTo(returnTo)] });
  else redirect(ctx, 303, returnTo);
}

async function updateLoginFlow(ctx: RequestContext): Promise<void> {
  const flow = flowForSubmit(ctx, 'login');
  if (!flow) return;
  // `transient_payload` is not stored (`db:"-"`): each submit starts without one.
  flow.transientPayload = undefined;

  const current = fetchSession(ctx);
  if (current) {
    const upgrading = aalRank(flow.requestedAal) > aalRank(current.session.aal);
    if (!flow.refresh && !upgrading) {
      if (flow.type === 'api' || isJsonRequest(ctx))
        writeFlowError(ctx, flow, loginAlreadyLoggedIn(), loginFlowAdapter);
      else redirect(ctx, 303, ctx.deps.config.defaultBrowserReturnUrl);
      return;
    }
  } else if (flow.requestedAal !== 'aal1') {
    writeFlowError(ctx, flow, sessionRequiredForHigherAal(), loginFlowAdapter);
    return;
  }

  if (isExpired(flow, ctx.deps.now())) {
    writeFlowError(ctx, flow, new FlowExpiredError(flow.expiresAt), loginFlowAdapter);
    return;
  }

  for (const strategy of ALL_LOGIN_STRATEGIES) {
    let identity: Identity;
    try {
      identity = await strategy.login(ctx, flow, current);
    } catch (error) {
      if (error instanceof StrategyNotResponsible) continue;
      if (error instanceof CompletedByStrategy) return;
      writeFlowError(ctx, flow, error, loginFlowAdapter);
      return;
    }
    completeLogin(ctx, flow, identity, current, strategy.completedMethod(ctx, ctx.deps.now()));
    return;
  }
  writeFlowError(ctx, flow, FlowValidationError.of('', messages.loginNoStrategy()), loginFlowAdapter);
}

export function registerLoginRoutes(router: Router): void {
  router.get('/self-service/login/api', createApiFlow(loginFlowAdapter));
  router.get('/self-service/login/browser', createBrowserFlow(loginFlowAdapter));
  router.get('/self-service/login/flows', getFlow(loginFlowAdapter));
  router.post('/self-service/login', updateLoginFlow);
  router.get('/self-service/login', updateLoginFlow);
}
