/**
 * Settings endpoints (`selfservice/flow/settings/handler.go`): `GET .../api`, `.../browser`,
 * `.../flows` and `POST /self-service/settings` with the `profile` and `password` methods. Every
 * endpoint needs a session, and a flow only serves the identity it was created for.
 */
import { redirectBrowserTo } from '../flow/continueWith';
import { forwardError } from '../flow/errorForwarding';
import { isExpired, type SettingsFlow } from '../flow/flow';
import { FlowExpiredError, FlowValidationError } from '../flow/flowErrors';
import { expiredOnFetch, flowForSubmit } from '../flow/flowHandlers';
import { goEncodeQuery } from '../admin/pagination';
import { HerodotError, notFound, resourceNotFound, unauthorized } from '../http/herodotError';
import { acceptsJson, isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { Identity } from '../identity/identity';
import { issueSessionCookie } from '../session/sessionCookie';
import { fetchSession, type ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { runVerificationHook } from '../verification/verificationHook';
import { profileDuplicate } from './profileSettings';
import { identityMismatchOnFetch, identityMismatchOnSubmit, writeSettingsError } from './settingsErrors';
import { createSettingsFlow, settingsFlowJson, settingsUiUrl } from './settingsFlow';
import { ALL_SETTINGS_STRATEGIES } from './settingsStrategies';
import { sessionAalError } from '../session/assurance';
import { StrategyNotResponsible } from '../flow/strategyOutcome';
import { requestUrl } from '../flow/flowRequest';

const SESSION_INACTIVE = 'request does not have a valid authentication session';

/**
 * `OnUnauthenticated` around `GET flows` and the submit: JSON callers get an id-less 401, browsers
 * a 302 to the login UI. Returns the session when there is one.
 */
function requireSession(ctx: RequestContext): ActiveSession | undefined {
  const active = fetchSession(ctx);
  if (active) return active;
  if (isJsonRequest(ctx))
    sendError(ctx, unauthorized('A valid Ory Session Cookie or Ory Session Token is missing.'));
  else redirect(ctx, 302, `${ctx.deps.config.uiBaseUrl}/login`);
  return undefined;
}

/** `selfservice.flows.settings.required_aal`; `returnTo` goes into the error's aal2 login URL. */
function settingsAalError(
  ctx: RequestContext,
  active: ActiveSession,
  returnTo?: string,
): HerodotError | undefined {
  const { config } = ctx.deps;
  return sessionAalError(config, active.session, active.identity, config.settingsRequiredAal, returnTo);
}

function createNativeSettingsFlow(ctx: RequestContext): void {
  const active = fetchSession(ctx);
  if (!active) {
    sendError(
      ctx,
      new HerodotError({
        code: 401,
        id: 'session_inactive',
        reason: 'This endpoint can only be accessed with a valid session. Please log in and try again.',
        message: SESSION_INACTIVE,
      }),
    );
    return;
  }
  const aalError = settingsAalError(ctx, active);
  if (aalError) {
    sendError(ctx, aalError);
    return;
  }
  try {
    sendJson(ctx, 200, settingsFlowJson(ctx, createSettingsFlow(ctx, 'api', active.identity)));
  } catch (error) {
    if (!(error instanceof HerodotError)) throw error;
    sendError(ctx, error);
  }
}

function createBrowserSettingsFlow(ctx: RequestContext): void {
  const active = fetchSession(ctx);
  if (!active) {
    if (isJsonRequest(ctx)) {
      // `ErrNoActiveSessionFound` written unwrapped: its untagged Go field leaks into the JSON.
      const credentialsMissing =
        ctx.req.headers['x-session-token'] === undefined &&
        ctx.req.headers.cookie === undefined &&
        ctx.req.headers.authorization === undefined;
      sendError(
        ctx,
        new HerodotError({
          code: 401,
          id: 'session_inactive',
          reason: 'No active session was found in this request.',
          message: SESSION_INACTIVE,
          extra: { CredentialsMissing: credentialsMissing },
        }),
      );
      return;
    }
    const returnTo = ctx.query.get('return_to');
    const query = returnTo === null ? '' : `?${goEncodeQuery(new URLSearchParams({ return_to: returnTo }))}`;
    redirect(ctx, 303, `${ctx.deps.config.publicBaseUrl}self-service/login/browser${query}`);
    return;
  }
  const returnTo = ctx.query.get('return_to');
  const aalError = settingsAalError(
    ctx,
    active,
    returnTo === null || returnTo === '' ? undefined : requestUrl(ctx),
  );
  if (aalError) {
    sendAalError(ctx, aalError);
    return;
  }
  let flow: SettingsFlow;
  try {
    flow = createSettingsFlow(ctx, 'browser', active.identity);
  } catch (error) {
    forwardError(ctx, undefined, error);
    return;
  }
  if (acceptsJson(ctx)) sendJson(ctx, 200, settingsFlowJson(ctx, flow));
  else redirect(ctx, 303, settingsUiUrl(ctx, flow.id));
}

function getSettingsFlow(ctx: RequestContext): void {
  const active = requireSession(ctx);
  if (!active) return;
  const flow = ctx.deps.store.getFlow('settings', ctx.query.get('id') ?? '');
  if (!flow) {
    sendError(ctx, resourceNotFound());
    return;
  }
  if (flow.identity.id !== active.identity.id) {
    sendError(ctx, identityMismatchOnFetch());
    return;
  }
  const aalError = settingsAalError(ctx, active, settingsUiUrl(ctx, flow.id));
  if (aalError) {
    sendError(ctx, aalError);
    return;
  }
  if (isExpired(flow, ctx.deps.now())) {
    sendError(ctx, expiredOnFetch(ctx, 'settings', flow));
    return;
  }
  sendJson(ctx, 200, settingsFlowJson(ctx, flow));
}

/**
 * The settings hooks after a successful update (`selfservice/flow/settings/hook.go`): store the
 * identity, then show the form of a brand-new settings flow (Kratos copies its UI, so the form's
 * `action` names that new flow) with "Your changes have been saved!".
 */
export function completeSettings(
  ctx: RequestContext,
  flow: SettingsFlow,
  active: ActiveSession,
  updated: Identity,
  method: string,
): void {
  const { store } = ctx.deps;
  if (!store.updateIdentity(updated).ok) {
    writeSettingsError(ctx, flow, profileDuplicate());
    return;
  }
  flow.identity = structuredClone(updated);
  // Kratos v26.2.0 never sets `active` on settings flows (checked against a server).
  flow.state = 'success';
  const fresh = createSettingsFlow(ctx, flow.type, updated, { replacing: true });
  flow.ui = fresh.ui;
  flow.internal = fresh.internal;
  flow.ui.messages = [messages.settingsSaved()];
  if (method === 'profile') {
    const verification = runVerificationHook(ctx, flow.type, updated);
    if (verification) flow.continueWith.push(verification);
    flow.identity = structuredClone(updated);
  }
  // `settings.after.default_browser_return_url` is not configurable here: the settings UI with this flow.
  const returnTo = flow.returnTo ?? settingsUiUrl(ctx, flow.id);
  if (flow.type === 'browser') {
    issueSessionCookie(ctx, active.session);
    if (isJsonRequest(ctx)) flow.continueWith.push(redirectBrowserTo(returnTo));
  }
  flow.updatedAt = ctx.deps.now();
  store.saveFlow(flow);
  if (flow.type === 'api' || isJsonRequest(ctx)) sendJson(ctx, 200, settingsFlowJson(ctx, flow));
  else redirect(ctx, 303, returnTo);
  // `continue_with` items are transient: only this answer carries them.
  flow.continueWith = [];
}

async function updateSettingsFlow(ctx: RequestContext): Promise<void> {
  const active = requireSession(ctx);
  if (!active) return;
  const flow = flowForSubmit(ctx, 'settings', () =>
    notFound('The settings request could not be found. Please restart the flow.'),
  );
  if (!flow) return;
  // `transient_payload` is not stored (`db:"-"`): each submit starts without one.
  flow.transientPayload = undefined;
  if (flow.identity.id !== active.identity.id) {
    forwardError(ctx, flow, identityMismatchOnSubmit());
    return;
  }
  if (isExpired(flow, ctx.deps.now())) {
    writeSettingsError(ctx, flow, new FlowExpiredError(flow.expiresAt));
    return;
  }
  const aalError = settingsAalError(ctx, active, requestUrl(ctx));
  if (aalError) {
    sendAalError(ctx, aalError, flow);
    return;
  }
  for (const strategy of ALL_SETTINGS_STRATEGIES) {
    let updated: Identity;
    try {
      updated = await strategy.settings(ctx, flow, active);
    } catch (error) {
      if (error instanceof StrategyNotResponsible) continue;
      writeSettingsError(ctx, flow, error);
      return;
    }
    completeSettings(ctx, flow, active, updated, strategy.id);
    return;
  }
  writeSettingsError(ctx, flow, FlowValidationError.of('', messages.settingsNoStrategy()));
}

/** The settings error handler's answer to an AAL shortfall: the 403 as JSON, else a 303 to the aal2 login. */
function sendAalError(ctx: RequestContext, error: HerodotError, flow?: SettingsFlow): void {
  const redirectTo = error.extra?.redirect_browser_to;
  if (flow?.type === 'api' || isJsonRequest(ctx) || typeof redirectTo !== 'string') sendError(ctx, error);
  else redirect(ctx, 303, redirectTo);
}

export function registerSettingsRoutes(router: Router): void {
  router.get('/self-service/settings/api', createNativeSettingsFlow);
  router.get('/self-service/settings/browser', createBrowserSettingsFlow);
  router.get('/self-service/settings/flows', getSettingsFlow);
  router.post('/self-service/settings', updateSettingsFlow);
  router.get('/self-service/settings', updateSettingsFlow);
}
