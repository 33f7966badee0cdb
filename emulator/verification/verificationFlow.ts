/**
 * Verification flows with the `code` method (`selfservice/flow/verification/flow.go`,
 * `selfservice/strategy/code/strategy_verification.go`): creation, the three UI screens
 * (choose method, code sent, passed) and the JSON shape. Only browser flows carry a `csrf_token`
 * node until the challenge is passed.
 */
import { codeEmailInput } from '../code/codeNodes';
import { formCsrfToken } from '../csrf/csrf';
import type { FlowType, OneTimeCode, VerificationFlow } from '../flow/flow';
import type { FlowEndpointSpec } from '../flow/flowHandlers';
import { flowHeadJson, newFlowBase } from '../flow/flowBase';
import { badRequest, type HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { markVerified } from '../identity/identity';
import { linkMethodUi } from '../link/linkNodes';
import { messages } from '../text/messages';
import { anchorNode, csrfNode, inputNode, submitNode, type UiContainer } from '../ui/nodes';

export const verificationDisabled = (): HerodotError =>
  badRequest('Verification is not allowed because it was disabled.');

export function verificationUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/verification`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}

function submitAction(ctx: RequestContext, flowId: string): string {
  return `${ctx.deps.config.publicBaseUrl}self-service/verification?flow=${flowId}`;
}

/** `PopulateVerificationMethod`: the address field and "Continue"; browser flows add the token. */
function chooseMethodUi(ctx: RequestContext, flow: VerificationFlow): UiContainer {
  const ui: UiContainer = {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [codeEmailInput(), submitNode('code', 'code', messages.labelContinue())],
    messages: [],
  };
  if (flow.type === 'browser') ui.nodes.push(csrfNode(flow.csrfToken));
  return ui;
}

/** The "code sent" screen, in the node order of Kratos' snapshot (`..._after_submission.json`). */
export function codeSentUi(ctx: RequestContext, flow: VerificationFlow, email: string): UiContainer {
  const ui: UiContainer = {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [
      inputNode('method', 'code', 'hidden', { value: 'code' }),
      inputNode('code', 'code', 'text', { required: true, label: messages.labelVerificationCode() }),
      submitNode('code', 'code', messages.labelContinue()),
    ],
    messages: [messages.verificationCodeSent()],
  };
  if (flow.type === 'browser') ui.nodes.push(csrfNode(flow.csrfToken));
  ui.nodes.push(inputNode('email', 'code', 'submit', { value: email, label: messages.labelResendCode() }));
  return ui;
}

/** The screen behind the emailed link: the code pre-filled, no resend button. */
export function linkClickedUi(ctx: RequestContext, flow: VerificationFlow, code: string): UiContainer {
  return {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [
      inputNode('code', 'code', 'text', {
        value: code,
        required: true,
        label: messages.labelVerificationCode(),
      }),
      inputNode('method', 'code', 'hidden', { value: 'code' }),
      submitNode('code', 'code', messages.labelContinue()),
      csrfNode(flow.csrfToken),
    ],
    messages: [],
  };
}

/**
 * A used code or link: its address is verified, and the flow passes with a `GET` form pointing at
 * the return URL, the token node (re-set, ory/kratos#1547) and a "Continue" link of the method.
 */
export function passVerification(
  ctx: RequestContext,
  flow: VerificationFlow,
  used: OneTimeCode,
  now: Date,
  group: 'code' | 'link',
): void {
  const identity = ctx.deps.store.getIdentity(used.identityId);
  const address = identity?.verifiableAddresses.find((a) => a.value === used.address);
  if (address) {
    markVerified(address, now);
    address.updatedAt = now;
  }
  const returnTo = flow.returnTo ?? ctx.deps.config.defaultBrowserReturnUrl;
  flow.state = 'passed_challenge';
  flow.csrfToken = formCsrfToken(ctx, flow);
  flow.ui = {
    action: returnTo,
    method: 'GET',
    nodes: [csrfNode(flow.csrfToken), anchorNode('continue', returnTo, group, messages.labelContinue())],
    messages: [messages.verificationSuccessful()],
  };
}

/** `verification.NewFlow` (+ `PopulateVerificationMethod`); allowed with or without a session. */
export function createVerificationFlow(
  ctx: RequestContext,
  type: FlowType,
  options: { replacing?: boolean } = {},
): VerificationFlow {
  const { config } = ctx.deps;
  if (!config.verificationEnabled) throw verificationDisabled();
  const flow: VerificationFlow = {
    kind: 'verification',
    ...newFlowBase(ctx, 'verification', type, { replacing: options.replacing, state: 'choose_method' }),
    active: config.verificationUse,
    codes: [],
    submitCount: 0,
  };
  flow.ui =
    config.verificationUse === 'link'
      ? linkMethodUi(submitAction(ctx, flow.id), flow.csrfToken)
      : chooseMethodUi(ctx, flow);
  ctx.deps.store.saveFlow(flow);
  return flow;
}

/** Field order of `verification.Flow`. */
export function verificationFlowJson(flow: VerificationFlow): Record<string, unknown> {
  return {
    ...flowHeadJson(flow),
    state: flow.state,
  };
}

export const verificationEndpoints: FlowEndpointSpec<'verification'> = {
  kind: 'verification',
  create: (ctx, type) => createVerificationFlow(ctx, type),
  toJson: verificationFlowJson,
  uiUrl: (ctx) => verificationUiUrl(ctx),
  authenticatedRedirectStatus: 303,
  expiredBrowserFetchHasId: false,
};
