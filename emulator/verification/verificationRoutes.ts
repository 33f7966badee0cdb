/**
 * Verification endpoints (`selfservice/flow/verification/handler.go`) and the `code` strategy's
 * submit (`selfservice/strategy/code/strategy_verification.go`): send a code to an address, then
 * submit the code (or open the emailed link). Unlike other flows, a successful or
 * wrong-code submit is answered with a 303 to the UI unless the request asks for JSON in `Accept`
 * (`x.IsBrowserRequest`), even for API flows.
 */
import { codeEmailInput } from '../code/codeNodes';
import { formCsrfToken, regenerateCsrfToken } from '../csrf/csrf';
import { CODE_METHOD_FIELDS } from '../flow/codeMethodBody';
import { forwardError } from '../flow/errorForwarding';
import { isExpired, type VerificationFlow } from '../flow/flow';
import { FlowExpiredError, FlowValidationError } from '../flow/flowErrors';
import { createApiFlow, createBrowserFlow, flowForSubmit, getFlow } from '../flow/flowHandlers';
import { ensureCsrf } from '../flow/flowRequest';
import { useCode } from '../flow/oneTimeCode';
import { applyErrorToUi } from '../flow/writeFlowError';
import { decodeBody } from '../http/body';
import { HerodotError, notFound } from '../http/herodotError';
import { isBrowserRequest, isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { messages } from '../text/messages';
import { setCsrf, upsertNode } from '../ui/nodes';
import { sendVerificationCode } from './sendVerificationCode';
import {
  codeSentUi,
  createVerificationFlow,
  linkClickedUi,
  passVerification,
  verificationDisabled,
  verificationEndpoints,
  verificationFlowJson,
  verificationUiUrl,
} from './verificationFlow';
import { linkVerify } from './linkVerification';

/** A new flow of the same type, with the token rotated like `RegenerateToken` does. */
function retryFlow(ctx: RequestContext, old: VerificationFlow): VerificationFlow {
  regenerateCsrfToken(ctx);
  return createVerificationFlow(ctx, old.type, { replacing: true });
}

/** `flow.NewFlowReplacedError(...).WithFlow(f)`: 410 pointing at the replacement flow. */
function replacedError(reason: string, replacementId: string): HerodotError {
  return new HerodotError({
    code: 410,
    id: 'self_service_flow_replaced',
    reason,
    message: 'self-service flow replaced',
    extra: { use_flow_id: replacementId },
  });
}

/** `retryVerificationFlowWith{Message,Error}`: JSON callers get a 410, browsers the new flow's UI. */
function answerWithRetry(
  ctx: RequestContext,
  old: VerificationFlow,
  cause: HerodotError | FlowExpiredError | 'retry-success',
): void {
  const replacement = retryFlow(ctx, old);
  let error: HerodotError;
  const now = ctx.deps.now();
  if (cause === 'retry-success') {
    replacement.ui.messages.push(messages.verificationRetrySuccess());
    error = replacedError('An error occured, please use the new flow.', replacement.id);
  } else if (cause instanceof FlowExpiredError) {
    replacement.ui.messages.push(messages.verificationFlowExpired(cause.expiredAt, now));
    error = cause.toHerodot(now, replacement.id);
  } else {
    applyErrorToUi(replacement.ui, cause);
    error = replacedError('An error occured, please retry the flow.', replacement.id);
  }
  ctx.deps.store.saveFlow(replacement);
  if (isJsonRequest(ctx)) sendError(ctx, error);
  else redirect(ctx, 303, verificationUiUrl(ctx, replacement.id));
}

/** The handler's answer after the strategy: the flow as JSON, or a 303 for browser requests. */
function answerWithFlow(ctx: RequestContext, flow: VerificationFlow): void {
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);
  if (isBrowserRequest(ctx)) redirect(ctx, 303, verificationUiUrl(ctx, flow.id));
  else sendJson(ctx, 200, verificationFlowJson(flow));
}

/**
 * The code strategy's `handleVerificationError` for errors after the body was decoded: the token
 * node is (re)set and the address field is replaced by one holding what was sent.
 */
function handleVerificationError(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
  upsertNode(flow.ui, codeEmailInput(email));
}

/**
 * The verification `ErrorHandler.WriteFlowError`. Unlike the other flows it never clears earlier
 * messages (they pile up across submits), and it sets `active` to the group of the error: after a
 * "no strategy" error (`default`) the code strategy no longer takes the flow.
 */
function writeVerificationError(
  ctx: RequestContext,
  flow: VerificationFlow,
  error: unknown,
  group: 'code' | 'default' | 'link' = 'code',
): void {
  const now = ctx.deps.now();
  if (error instanceof FlowExpiredError) {
    const replacement = retryFlow(ctx, flow);
    replacement.ui.messages.push(messages.verificationFlowExpired(error.expiredAt, now));
    ctx.deps.store.saveFlow(replacement);
    if (replacement.type === 'api' || isJsonRequest(ctx)) {
      redirect(
        ctx,
        303,
        `${ctx.deps.config.publicBaseUrl}self-service/verification/flows?id=${replacement.id}`,
      );
    } else {
      redirect(ctx, 303, verificationUiUrl(ctx, replacement.id));
    }
    return;
  }
  if (!applyErrorToUi(flow.ui, error)) {
    forwardError(ctx, flow, error);
    return;
  }
  flow.active = group;
  flow.updatedAt = now;
  ctx.deps.store.saveFlow(flow);
  if (flow.type === 'browser' && !isJsonRequest(ctx)) {
    redirect(ctx, 303, verificationUiUrl(ctx, flow.id));
    return;
  }
  sendJson(ctx, error instanceof HerodotError ? error.code : 400, verificationFlowJson(flow));
}

/** `verificationUseCode`. */
function submitCode(ctx: RequestContext, flow: VerificationFlow, submitted: string): void {
  const now = ctx.deps.now();
  const result = useCode(flow, submitted, now);
  if (!result.ok && result.notFound) {
    flow.ui.messages = [messages.verificationCodeInvalid()];
    flow.updatedAt = now;
    ctx.deps.store.saveFlow(flow);
    // Written from memory (not re-read): the only answer that shows this submit's transient payload.
    if (isBrowserRequest(ctx)) redirect(ctx, 303, verificationUiUrl(ctx, flow.id));
    else sendJson(ctx, 200, { ...verificationFlowJson(flow), transient_payload: flow.transientPayload });
    return;
  }
  if (!result.ok) {
    ctx.deps.store.saveFlow(flow);
    answerWithRetry(ctx, flow, result.error);
    return;
  }
  passVerification(ctx, flow, result.code, now, 'code');
  answerWithFlow(ctx, flow);
}

/** `handleLinkClick`: the emailed link puts the code into the form and sends the browser to the UI. */
function openLink(ctx: RequestContext, flow: VerificationFlow, code: string): void {
  flow.csrfToken = regenerateCsrfToken(ctx);
  flow.ui = linkClickedUi(ctx, flow, code);
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);
  redirect(ctx, 303, verificationUiUrl(ctx, flow.id));
}

/** `verificationHandleFormSubmission`: a code is used; otherwise an address gets a new code. */
function submitForm(ctx: RequestContext, flow: VerificationFlow, payload: JsonObject): void {
  const code = stringField(payload, 'code');
  if (code !== '') {
    if (ctx.req.method === 'GET') openLink(ctx, flow, code);
    else submitCode(ctx, flow, code);
    return;
  }
  const email = stringField(payload, 'email');
  try {
    if (email === '') throw FlowValidationError.of('email', messages.required('email'));
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
  } catch (error) {
    handleVerificationError(ctx, flow, email);
    writeVerificationError(ctx, flow, error);
    return;
  }
  sendVerificationCode(ctx, flow, email);
  flow.state = 'sent_email';
  flow.ui = codeSentUi(ctx, flow, email);
  answerWithFlow(ctx, flow);
}

async function updateVerificationFlow(ctx: RequestContext): Promise<void> {
  if (!ctx.deps.config.verificationEnabled) {
    forwardError(ctx, undefined, verificationDisabled());
    return;
  }
  const flow = flowForSubmit(ctx, 'verification', () =>
    notFound('The verification request could not be found. Please restart the flow.'),
  );
  if (!flow) return;
  // The handler checks the flow's expiry before any strategy looks at the body.
  if (isExpired(flow, ctx.deps.now())) {
    writeVerificationError(ctx, flow, new FlowExpiredError(flow.expiresAt));
    return;
  }
  if (ctx.deps.config.verificationUse === 'link') {
    await linkVerify(ctx, flow, { writeError: writeVerificationError, answerWithFlow });
    flow.transientPayload = undefined;
    return;
  }
  const noStrategy = (): void => {
    writeVerificationError(
      ctx,
      flow,
      FlowValidationError.of('', messages.verificationNoStrategy()),
      'default',
    );
  };
  // The code strategy skips flows whose `active` names another group.
  if (flow.active !== undefined && flow.active !== '' && flow.active !== 'code') {
    noStrategy();
    return;
  }
  let payload: JsonObject;
  try {
    payload = await decodeBody(ctx, { allowedMethods: ['POST', 'GET'], fields: CODE_METHOD_FIELDS });
    const invalid = ctx.deps.schemas.validateVerificationPayload(payload);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
  } catch (error) {
    writeVerificationError(ctx, flow, error);
    return;
  }
  flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
  try {
    submitVerified(ctx, flow, payload, noStrategy);
  } finally {
    flow.transientPayload = undefined;
  }
}

function submitVerified(
  ctx: RequestContext,
  flow: VerificationFlow,
  payload: JsonObject,
  noStrategy: () => void,
): void {
  // `getMethod`: a submitted code implies the code method.
  const method = stringField(payload, 'method') || (stringField(payload, 'code') !== '' ? 'code' : '');
  if (method !== 'code') {
    handleVerificationError(ctx, flow, stringField(payload, 'email'));
    noStrategy();
    return;
  }
  if (flow.state === 'passed_challenge') {
    answerWithRetry(ctx, flow, 'retry-success');
    return;
  }
  submitForm(ctx, flow, payload);
}

function whenEnabled(handler: (ctx: RequestContext) => void) {
  return (ctx: RequestContext): void => {
    if (ctx.deps.config.verificationEnabled) handler(ctx);
    else forwardError(ctx, undefined, verificationDisabled());
  };
}

export function registerVerificationRoutes(router: Router): void {
  router.get('/self-service/verification/api', createApiFlow(verificationEndpoints));
  router.get('/self-service/verification/browser', createBrowserFlow(verificationEndpoints));
  router.get('/self-service/verification/flows', whenEnabled(getFlow(verificationEndpoints)));
  router.post('/self-service/verification', updateVerificationFlow);
  router.get('/self-service/verification', updateVerificationFlow);
}
