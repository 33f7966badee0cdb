/**
 * Registration endpoints (`selfservice/flow/registration/handler.go`): `GET .../api`,
 * `.../browser`, `.../flows` and `POST|GET /self-service/registration`. Success runs the
 * post-registration hooks in Kratos' order: the identity is inserted (a clash becomes message
 * 4000007), the verification hook sends a code (when verification is enabled), and the `session`
 * hook — always last — answers with a session token (API) or the session cookie (browser).
 */
import type { ContinueWith } from '../flow/continueWith';
import { redirectBrowserTo, setSessionToken } from '../flow/continueWith';
import { isExpired, type RegistrationFlow } from '../flow/flow';
import { FlowExpiredError, FlowValidationError, registrationAlreadyLoggedIn } from '../flow/flowErrors';
import { createApiFlow, createBrowserFlow, flowForSubmit, getFlow } from '../flow/flowHandlers';
import { CompletedByStrategy, StrategyNotResponsible } from '../flow/strategyOutcome';
import { writeFlowError } from '../flow/writeFlowError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { applyTraitExtensions, type Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { newSession, sessionJson } from '../session/session';
import { issueSessionCookie } from '../session/sessionCookie';
import { tokenExchangeForFlow } from '../session/tokenExchange';
import { fetchSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { runVerificationHook } from '../verification/verificationHook';
import { ALL_REGISTRATION_STRATEGIES } from './registrationStrategies';
import { registrationFlowAdapter, schemaForFlow } from './registrationFlow';

/** Post-registration hooks: persist the identity, verification, then the session hook. */
export function completeRegistration(
  ctx: RequestContext,
  flow: RegistrationFlow,
  identity: Identity,
  method: string,
  provider?: string,
): void {
  const { store, config } = ctx.deps;
  const now = ctx.deps.now();
  applyTraitExtensions(identity, schemaForFlow(ctx, flow), now);
  if (!store.insertIdentity(identity).ok) {
    writeFlowError(
      ctx,
      flow,
      FlowValidationError.of('', messages.duplicateCredentials()),
      registrationFlowAdapter,
    );
    return;
  }
  flow.active = method;
  flow.updatedAt = now;
  store.saveFlow(flow);
  // Kratos always persists a session; only the `session` hook hands it out.
  const session = newSession(identity, method, ctx.req, now, config.sessionLifespanMs, { provider });
  store.insertSession(session);
  const browser = flow.type === 'browser';
  // The cookie (and the CSRF rotation) comes first so that a browser verification flow created
  // by the hook carries a token that matches the cookie the browser ends up with.
  if (browser && config.registrationSessionHook) issueSessionCookie(ctx, session);
  const continueWith: ContinueWith[] = [];
  const returnTo = flow.returnTo ?? config.defaultBrowserReturnUrl;
  // The redirect item comes before the post-persist hooks add theirs (registration/hook.go).
  if (browser && isJsonRequest(ctx)) continueWith.push(redirectBrowserTo(returnTo));
  // The verification hook always runs; only `show_verification_ui` shows its flow.
  const sent = runVerificationHook(ctx, flow.type, identity);
  const verification = config.showVerificationUiAfter.some((m) => m === method) ? sent : undefined;
  if (verification) continueWith.push(verification);

  const identityBody = identityJson(identity, { publicBaseUrl: config.publicBaseUrl });
  if (browser && !isJsonRequest(ctx)) {
    const target = verification?.action === 'show_verification_ui' ? verification.flow.url : undefined;
    redirect(ctx, 303, target ?? returnTo);
    return;
  }
  if (!config.registrationSessionHook) {
    sendJson(ctx, 200, {
      identity: identityBody,
      continue_with: continueWith.length > 0 ? continueWith : null,
    });
    return;
  }
  const sessionBody = sessionJson(session, identity, { publicBaseUrl: config.publicBaseUrl, now });
  // `MaybeRedirectAPICodeFlow` for social sign-ups of native apps.
  const exchange = !browser && method === 'oidc' ? tokenExchangeForFlow(ctx, flow.id) : undefined;
  if (exchange) {
    exchange.sessionId = session.id;
    const target = new URL(returnTo);
    target.searchParams.set('code', exchange.returnToCode);
    redirect(ctx, 303, target.toString());
    return;
  }
  if (browser) {
    sendJson(ctx, 200, { session: sessionBody, identity: identityBody, continue_with: continueWith });
    return;
  }
  continueWith.push(setSessionToken(session.token));
  sendJson(ctx, 200, {
    session_token: session.token,
    session: sessionBody,
    identity: identityBody,
    continue_with: continueWith,
  });
}

async function updateRegistrationFlow(ctx: RequestContext): Promise<void> {
  const flow = flowForSubmit(ctx, 'registration');
  if (!flow) return;
  // `transient_payload` is not stored (`db:"-"`): each submit starts without one.
  flow.transientPayload = undefined;
  // `IsNotAuthenticated`: JSON callers get the error, browsers are sent to the return URL.
  if (fetchSession(ctx)) {
    if (flow.type === 'api' || isJsonRequest(ctx)) sendError(ctx, registrationAlreadyLoggedIn());
    else redirect(ctx, 302, flow.returnTo ?? ctx.deps.config.defaultBrowserReturnUrl);
    return;
  }
  if (isExpired(flow, ctx.deps.now())) {
    writeFlowError(ctx, flow, new FlowExpiredError(flow.expiresAt), registrationFlowAdapter);
    return;
  }

  for (const strategy of ALL_REGISTRATION_STRATEGIES) {
    let identity: Identity;
    try {
      identity = await strategy.register(ctx, flow);
    } catch (error) {
      if (error instanceof StrategyNotResponsible) continue;
      if (error instanceof CompletedByStrategy) return;
      writeFlowError(ctx, flow, error, registrationFlowAdapter);
      return;
    }
    completeRegistration(ctx, flow, identity, strategy.id);
    return;
  }
  writeFlowError(
    ctx,
    flow,
    FlowValidationError.of('', messages.registrationNoStrategy()),
    registrationFlowAdapter,
  );
}

export function registerRegistrationRoutes(router: Router): void {
  router.get('/self-service/registration/api', createApiFlow(registrationFlowAdapter));
  router.get('/self-service/registration/browser', createBrowserFlow(registrationFlowAdapter));
  router.get('/self-service/registration/flows', getFlow(registrationFlowAdapter));
  router.post('/self-service/registration', updateRegistrationFlow);
  router.get('/self-service/registration', updateRegistrationFlow);
}
