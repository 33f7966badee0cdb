/**
 * Recovery endpoints (`selfservice/flow/recovery/handler.go`) and the `code` strategy's submit
 * (`selfservice/strategy/code/strategy_recovery.go`) with `use_continue_with_transitions: true`:
 * send a code to an address, then submit the code to get a session and a settings flow. A wrong
 * code is a 200 with a message; a used code or too many attempts start a new flow.
 */
import { codeEmailInput } from '../code/codeNodes';
import { queueRecoveryCode } from '../courier/emailTemplates';
import { csrfTokenFor, regenerateCsrfToken } from '../csrf/csrf';
import { setSessionToken, type ContinueWith } from '../flow/continueWith';
import { CODE_METHOD_FIELDS } from '../flow/codeMethodBody';
import { forwardError } from '../flow/errorForwarding';
import { isExpired, type FlowType, type RecoveryFlow } from '../flow/flow';
import { FlowExpiredError, FlowValidationError } from '../flow/flowErrors';
import { createApiFlow, createBrowserFlow, flowForSubmit, getFlow } from '../flow/flowHandlers';
import { ensureCsrf } from '../flow/flowRequest';
import { newOneTimeCode, useCode } from '../flow/oneTimeCode';
import { applyErrorToUi } from '../flow/writeFlowError';
import { decodeBody } from '../http/body';
import { destroyByEmulator } from '../http/emulatorClosedSockets';
import { HerodotError, notFound } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { isGoEmail } from '../identity/goFormats';
import { markVerified, type Identity } from '../identity/identity';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { newSession } from '../session/session';
import { issueSessionCookie } from '../session/sessionCookie';
import { settingsUiUrl } from '../settings/settingsFlow';
import { messages } from '../text/messages';
import { resetMessages, setCsrf, upsertNode } from '../ui/nodes';
import { linkRecover } from './linkRecovery';
import {
  codeSentUi,
  createRecoveryFlow,
  recoveryDisabled,
  recoveryEndpoints,
  recoveryFlowJson,
  recoverySettingsFlow,
  recoveryUiUrl,
  refuseSignedIn,
} from './recoveryFlow';

const showRecoveryUi = (flow: RecoveryFlow): ContinueWith => ({
  action: 'show_recovery_ui',
  flow: { id: flow.id },
});

/**
 * The handler's answer once the strategy is done: the flow, or a 303 for browser forms. Only the
 * handler's own answer (200) copies this submit's transient payload onto the re-read flow; error
 * answers do not.
 */
function answerWithFlow(ctx: RequestContext, flow: RecoveryFlow, status = 200): void {
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);
  if (flow.type === 'browser' && !isJsonRequest(ctx)) redirect(ctx, 303, recoveryUiUrl(ctx, flow.id));
  else if (status === 200)
    sendJson(ctx, status, { ...recoveryFlowJson(flow), transient_payload: flow.transientPayload });
  else sendJson(ctx, status, recoveryFlowJson(flow));
}

/** The recovery `ErrorHandler.WriteFlowError` (with `use_continue_with_transitions`). */
function writeRecoveryError(
  ctx: RequestContext,
  flow: RecoveryFlow,
  error: unknown,
  group: 'code' | 'link' | 'default' = 'code',
): void {
  const now = ctx.deps.now();
  if (error instanceof FlowExpiredError) {
    const replacement = createRecoveryFlow(ctx, flow.type, { replacing: true });
    replacement.requestUrl = flow.requestUrl;
    replacement.ui.messages.push(messages.recoveryFlowExpired(error.expiredAt, now));
    ctx.deps.store.saveFlow(replacement);
    if (replacement.type === 'api') {
      const expired = error.toHerodot(now, replacement.id);
      sendError(ctx, expired.with({ details: { continue_with: [showRecoveryUi(replacement)] } }));
    } else if (isJsonRequest(ctx)) {
      redirect(ctx, 303, `${ctx.deps.config.publicBaseUrl}self-service/recovery/flows?id=${replacement.id}`);
    } else {
      redirect(ctx, 303, recoveryUiUrl(ctx, replacement.id));
    }
    return;
  }
  resetMessages(flow.ui);
  if (!applyErrorToUi(flow.ui, error)) {
    forwardError(ctx, flow, error);
    return;
  }
  flow.active = group;
  answerWithFlow(ctx, flow, error instanceof HerodotError ? error.code : 400);
}

/**
 * `retryRecoveryFlow`: a new flow (with a rotated CSRF token) carrying the reason; JSON callers
 * get the error with `details.continue_with` pointing at it, browsers its UI.
 */
function retryRecoveryFlow(
  ctx: RequestContext,
  old: RecoveryFlow,
  cause: HerodotError | FlowExpiredError,
  type: FlowType = old.type,
): void {
  regenerateCsrfToken(ctx);
  const now = ctx.deps.now();
  const replacement = createRecoveryFlow(ctx, type, { replacing: true });
  let error: HerodotError;
  if (cause instanceof FlowExpiredError) {
    replacement.ui.messages.push(messages.recoveryFlowExpired(cause.expiredAt, now));
    error = cause.toHerodot(now, replacement.id);
  } else {
    applyErrorToUi(replacement.ui, cause);
    error = cause;
  }
  ctx.deps.store.saveFlow(replacement);
  if (isJsonRequest(ctx))
    sendError(ctx, error.with({ details: { continue_with: [showRecoveryUi(replacement)] } }));
  else redirect(ctx, 303, recoveryUiUrl(ctx, replacement.id));
}

/** `recoveryIssueSession`: session, settings flow with 1060001, and the transition items. */
function issueRecoverySession(ctx: RequestContext, flow: RecoveryFlow, identity: Identity): void {
  const { config, store } = ctx.deps;
  const now = ctx.deps.now();
  flow.ui.messages = [];
  flow.state = 'passed_challenge';
  const session = newSession(identity, 'code_recovery', ctx.req, now, config.sessionLifespanMs);
  store.insertSession(session);
  if (flow.type === 'browser') {
    issueSessionCookie(ctx, session);
    flow.csrfToken = csrfTokenFor(ctx);
    setCsrf(flow.ui, flow.csrfToken);
  } else {
    flow.continueWith.push(setSessionToken(session.token));
  }
  const settings = recoverySettingsFlow(ctx, flow.type, identity, now);
  const settingsUrl = settingsUiUrl(ctx, settings.id);
  if (flow.type === 'api' || isJsonRequest(ctx)) {
    flow.continueWith.push({ action: 'show_settings_ui', flow: { id: settings.id, url: settingsUrl } });
    answerWithFlow(ctx, flow);
    return;
  }
  flow.updatedAt = now;
  store.saveFlow(flow);
  redirect(ctx, 303, settingsUrl);
}

/** `recoveryUseCode`. */
function submitCode(ctx: RequestContext, flow: RecoveryFlow, submitted: string): void {
  const now = ctx.deps.now();
  const result = useCode(flow, submitted, now);
  if (!result.ok && result.notFound) {
    flow.ui.messages = [messages.recoveryCodeInvalid()];
    answerWithFlow(ctx, flow);
    return;
  }
  if (!result.ok) {
    ctx.deps.store.saveFlow(flow);
    retryRecoveryFlow(ctx, flow, result.error);
    return;
  }
  const identity = ctx.deps.store.getIdentity(result.code.identityId);
  if (!identity) {
    forwardError(ctx, flow, notFound('could not find identity'));
    return;
  }
  // `markRecoveryAddressVerified`: the address proved reachable.
  for (const address of identity.verifiableAddresses) {
    if (address.value !== result.code.address || address.verified) continue;
    markVerified(address, now);
    address.updatedAt = now;
  }
  issueRecoverySession(ctx, flow, identity);
}

/** `SendRecoveryCode`: a code only for a known recovery address (no enumeration). */
function sendRecoveryCode(ctx: RequestContext, flow: RecoveryFlow, email: string): void {
  flow.codes = [];
  const found = ctx.deps.store.findRecoveryAddress(email.trim().toLowerCase());
  if (!found) return;
  const code = newOneTimeCode(ctx, found.identity.id, found.address.value, ctx.deps.now());
  flow.codes.push(code);
  queueRecoveryCode(ctx, found.address.value, code.code);
}

/** `recoveryHandleFormSubmission`. */
function submitEmail(ctx: RequestContext, flow: RecoveryFlow, payload: JsonObject): void {
  const email = stringField(payload, 'email');
  try {
    if (email === '') throw FlowValidationError.of('email', messages.required('email'));
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
  } catch (error) {
    // `HandleRecoveryError`: the address field keeps what was sent.
    upsertNode(flow.ui, codeEmailInput(email));
    writeRecoveryError(ctx, flow, error);
    return;
  }
  sendRecoveryCode(ctx, flow, email);
  flow.active = 'code';
  flow.state = 'sent_email';
  flow.ui = codeSentUi(ctx, flow, email);
  answerWithFlow(ctx, flow);
}

/** The `code` strategy's `Recover` for recovery v1 states. */
function recover(ctx: RequestContext, flow: RecoveryFlow, payload: JsonObject): void {
  try {
    if (flow.skipCsrf !== true) ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
  } catch (error) {
    // Kratos abandons the flow on a CSRF violation: it starts a new browser flow (rotating the
    // token) that carries a 400 reason; anything else (the 403) is forwarded as an error.
    if (error instanceof HerodotError && error.code === 400) {
      retryRecoveryFlow(ctx, flow, error, 'browser');
    } else {
      regenerateCsrfToken(ctx);
      forwardError(ctx, flow, error);
    }
    return;
  }
  resetMessages(flow.ui);
  const email = stringField(payload, 'email');
  if (flow.state !== 'choose_method' && email === '') {
    submitCode(ctx, flow, stringField(payload, 'code'));
    return;
  }
  if (refuseSignedIn(ctx)) return;
  if (stringField(payload, 'method') !== 'code') {
    writeRecoveryError(ctx, flow, FlowValidationError.of('', messages.recoveryNoStrategy()));
    return;
  }
  if (flow.state === 'passed_challenge') {
    // `retryRecoveryFlow` with a message only: browsers go to a new flow carrying it; for JSON
    // requests Kratos v26.2.0 dereferences the nil error (strategy_recovery.go:443), the handler
    // panics and Go's server drops the connection without an answer (checked against a server).
    regenerateCsrfToken(ctx);
    const replacement = createRecoveryFlow(ctx, flow.type, { replacing: true });
    replacement.ui.messages.push(messages.recoveryRetrySuccess());
    ctx.deps.store.saveFlow(replacement);
    if (isJsonRequest(ctx)) destroyByEmulator(ctx.req.socket);
    else redirect(ctx, 303, recoveryUiUrl(ctx, replacement.id));
    return;
  }
  submitEmail(ctx, flow, payload);
}

async function updateRecoveryFlow(ctx: RequestContext): Promise<void> {
  if (!ctx.deps.config.recoveryEnabled) {
    forwardError(ctx, undefined, recoveryDisabled());
    return;
  }
  const flow = flowForSubmit(ctx, 'recovery', () =>
    notFound('The recovery request could not be found. Please restart the flow.'),
  );
  if (!flow) return;
  if (isExpired(flow, ctx.deps.now())) {
    writeRecoveryError(ctx, flow, new FlowExpiredError(flow.expiresAt));
    return;
  }
  if (ctx.deps.config.recoveryUse === 'link') {
    await linkRecover(ctx, flow, {
      writeError: writeRecoveryError,
      answerWithFlow: (c, f) => {
        answerWithFlow(c, f);
      },
    });
    flow.transientPayload = undefined;
    return;
  }
  let payload: JsonObject;
  try {
    payload = await decodeBody(ctx, {
      allowedMethods: ['POST'],
      fields: CODE_METHOD_FIELDS,
    });
    const email = stringField(payload, 'email');
    if (email !== '' && !isGoEmail(email)) throw FlowValidationError.of('email', messages.email(email));
  } catch (error) {
    writeRecoveryError(ctx, flow, error);
    return;
  }
  // Not persisted (`db:"-"`): only this submit's answer carries it (`{}` when none was sent).
  flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
  recover(ctx, flow, payload);
  flow.transientPayload = undefined;
}

function whenEnabled(handler: (ctx: RequestContext) => void) {
  return (ctx: RequestContext): void => {
    if (ctx.deps.config.recoveryEnabled) handler(ctx);
    else forwardError(ctx, undefined, recoveryDisabled());
  };
}

export function registerRecoveryRoutes(router: Router): void {
  router.get('/self-service/recovery/api', createApiFlow(recoveryEndpoints));
  router.get('/self-service/recovery/browser', createBrowserFlow(recoveryEndpoints));
  router.get('/self-service/recovery/flows', whenEnabled(getFlow(recoveryEndpoints)));
  router.post('/self-service/recovery', updateRecoveryFlow);
  router.get('/self-service/recovery', updateRecoveryFlow);
}
