/**
 * Login endpoints (`selfservice/flow/login/handler.go`) for native (API) flows:
 * `GET /self-service/login/api`, `GET /self-service/login/flows`, `POST|GET /self-service/login`.
 */
import { isExpired } from '../flow/flow';
import {
  FlowExpiredError,
  FlowValidationError,
  identityDisabled,
  loginAlreadyLoggedIn,
  sessionRequiredForHigherAal,
} from '../flow/flowErrors';
import { getFlowId } from '../flow/flowRequest';
import { submittedMethod } from '../flow/method';
import { writeFlowError } from '../flow/writeFlowError';
import { HerodotError, resourceNotFound } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { aalRank, newSession, sessionJson } from '../session/session';
import { fetchSession, type ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { createLoginFlow, loginFlowAdapter, loginFlowJson } from './loginFlow';
import { loginWithPassword } from './passwordLogin';
import type { LoginFlow } from '../flow/flow';
import type { Identity } from '../identity/identity';

function createNativeLoginFlow(ctx: RequestContext): void {
  try {
    sendJson(ctx, 200, loginFlowJson(createLoginFlow(ctx, 'api')));
  } catch (error) {
    if (error instanceof HerodotError) sendError(ctx, error);
    else throw error;
  }
}

function getLoginFlow(ctx: RequestContext): void {
  const flow = ctx.deps.store.getLoginFlow(ctx.query.get('id') ?? '');
  if (!flow) {
    sendError(ctx, resourceNotFound());
    return;
  }
  if (isExpired(flow, ctx.deps.now())) {
    const { config } = ctx.deps;
    const gone = new HerodotError({ code: 410, id: 'self_service_flow_expired' });
    sendError(
      ctx,
      flow.type === 'browser'
        ? gone.with({
            reason:
              'The login flow has expired. Redirect the user to the login flow init endpoint to initialize a new login flow.',
            details: {
              redirect_to: `${config.publicBaseUrl}self-service/login/browser`,
              return_to: flow.returnTo ?? '',
            },
          })
        : gone.with({
            reason:
              'The login flow has expired. Call the login flow init API endpoint to initialize a new login flow.',
            details: { api: `${config.publicBaseUrl}self-service/login/api` },
          }),
    );
    return;
  }
  sendJson(ctx, 200, loginFlowJson(flow));
}

/** Post-login hook for API flows: (re)issue the session and answer with its token. */
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
  let session;
  if (current && current.identity.id === identity.id) {
    // Refreshing re-authenticates the existing session instead of minting a new one.
    session = current.session;
    session.authenticatedAt = now;
    session.expiresAt = new Date(now.getTime() + config.sessionLifespanMs);
    session.authenticationMethods.push({ method: 'password', aal: 'aal1', completedAt: now });
  } else {
    session = newSession(identity, 'password', ctx.req, now, config.sessionLifespanMs);
  }
  store.insertSession(session);
  flow.updatedAt = now;
  store.saveFlow(flow);
  sendJson(ctx, 200, {
    session_token: session.token,
    session: sessionJson(session, identity, { publicBaseUrl: config.publicBaseUrl, now }),
    continue_with: null,
  });
}

async function updateLoginFlow(ctx: RequestContext): Promise<void> {
  let flowId: string;
  try {
    flowId = getFlowId(ctx);
  } catch (error) {
    writeFlowError(ctx, undefined, error, loginFlowAdapter);
    return;
  }
  const flow = ctx.deps.store.getLoginFlow(flowId);
  if (!flow) {
    writeFlowError(ctx, undefined, resourceNotFound(), loginFlowAdapter);
    return;
  }

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
  router.get('/self-service/login/api', createNativeLoginFlow);
  router.get('/self-service/login/flows', getLoginFlow);
  router.post('/self-service/login', updateLoginFlow);
  router.get('/self-service/login', updateLoginFlow);
}
