/**
 * Login endpoints (`selfservice/flow/login/handler.go`): `GET /self-service/login/api`,
 * `.../browser`, `.../flows` and `POST|GET /self-service/login`. API flows answer with a session
 * token; browser flows get the `ory_kratos_session` cookie (and a rotated CSRF cookie) instead.
 */
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
import { submittedMethod } from '../flow/method';
import { writeFlowError } from '../flow/writeFlowError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { Identity } from '../identity/identity';
import { aalRank, newSession, sessionJson, type Session } from '../session/session';
import { issueSessionCookie } from '../session/sessionCookie';
import { fetchSession, type ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { loginFlowAdapter } from './loginFlow';
import { loginWithPassword } from './passwordLogin';

/** A refresh re-authenticates the caller's session; any other login mints a new one. */
function sessionForLogin(
  ctx: RequestContext,
  identity: Identity,
  current: ActiveSession | undefined,
): Session {
  const { config } = ctx.deps;
  const now = ctx.deps.now();
  if (current?.identity.id !== identity.id) {
    return newSession(identity, 'password', ctx.req, now, config.sessionLifespanMs);
  }
  const session = current.session;
  session.authenticatedAt = now;
  session.expiresAt = new Date(now.getTime() + config.sessionLifespanMs);
  session.authenticationMethods.push({ method: 'password', aal: 'aal1', completedAt: now });
  return session;
}

/** The post-login hooks (`selfservice/flow/login/hook.go`). */
function completeLogin(
  ctx: RequestContext,
  flow: LoginFlow,
  identity: Identity,
  current: ActiveSession | undefined,
): void {
  const { store, config } = ctx.deps;
  const now = ctx.deps.now();
  if (identity.state !== 'active') {
    writeFlowError(ctx, flow, identityDisabled(identity.id), loginFlowAdapter);
    return;
  }
  const session = sessionForLogin(ctx, identity, current);
  store.insertSession(session);
  flow.updatedAt = now;
  store.saveFlow(flow);
  const body = sessionJson(session, identity, { publicBaseUrl: config.publicBaseUrl, now });
  if (flow.type === 'api') {
    sendJson(ctx, 200, { session_token: session.token, session: body, continue_with: null });
    return;
  }
  issueSessionCookie(ctx, session);
  const returnTo = flow.returnTo ?? config.defaultBrowserReturnUrl;
  if (isJsonRequest(ctx)) sendJson(ctx, 200, { session: body, continue_with: [redirectBrowserTo(returnTo)] });
  else redirect(ctx, 303, returnTo);
}

async function updateLoginFlow(ctx: RequestContext): Promise<void> {
  const flow = flowForSubmit(ctx, 'login');
  if (!flow) return;

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

  let identity: Identity;
  try {
    const method = await submittedMethod(ctx);
    // The password strategy only solves AAL1 (`login.CheckAAL`); nothing else is enabled here.
    if (method !== 'password' || flow.requestedAal !== 'aal1') {
      throw FlowValidationError.of('', messages.loginNoStrategy());
    }
    identity = await loginWithPassword(ctx, flow);
  } catch (error) {
    writeFlowError(ctx, flow, error, loginFlowAdapter);
    return;
  }
  completeLogin(ctx, flow, identity, current);
}

export function registerLoginRoutes(router: Router): void {
  router.get('/self-service/login/api', createApiFlow(loginFlowAdapter));
  router.get('/self-service/login/browser', createBrowserFlow(loginFlowAdapter));
  router.get('/self-service/login/flows', getFlow(loginFlowAdapter));
  router.post('/self-service/login', updateLoginFlow);
  router.get('/self-service/login', updateLoginFlow);
}
