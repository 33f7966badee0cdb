/**
 * Recovery flows with the `code` method (`selfservice/flow/recovery/flow.go`,
 * `selfservice/strategy/code/strategy_recovery.go`, recovery "v1" states): creation (refused with
 * a session), the two screens (ask for the address, ask for the code) and the JSON shape. Unlike
 * verification flows, API recovery flows carry a `csrf_token` node (with an empty value).
 */
import type { FlowType, RecoveryFlow } from '../flow/flow';
import type { FlowEndpointSpec } from '../flow/flowHandlers';
import { flowHeadJson, newFlowBase } from '../flow/flowBase';
import { badRequest, type HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { fetchSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { csrfNode, inputNode, submitNode, type UiContainer } from '../ui/nodes';
import { linkEmailInput, linkSubmit } from '../link/linkNodes';

/** `code.CodeLength`. */
const CODE_LENGTH = 6;

export const recoveryDisabled = (): HerodotError =>
  badRequest('Recovery is not allowed because it was disabled.');

/** `recovery.ErrAlreadyLoggedIn` (the default 400 message, unlike login's). */
export const recoveryAlreadyLoggedIn = (): HerodotError =>
  badRequest('A valid session was detected and thus recovery is not possible.').with({
    id: 'session_already_available',
  });

export function recoveryUiUrl(ctx: RequestContext, flowId?: string): string {
  const base = `${ctx.deps.config.uiBaseUrl}/recovery`;
  return flowId === undefined ? base : `${base}?flow=${flowId}`;
}

function submitAction(ctx: RequestContext, flowId: string): string {
  return `${ctx.deps.config.publicBaseUrl}self-service/recovery?flow=${flowId}`;
}

export function emailInput(value?: string) {
  return inputNode('email', 'code', 'email', { value, required: true, label: messages.labelEmail() });
}

/** `PopulateRecoveryMethod` in state `choose_method`. */
export function chooseMethodUi(ctx: RequestContext, flow: RecoveryFlow): UiContainer {
  return {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [csrfNode(flow.csrfToken), emailInput(), submitNode('code', 'code', messages.labelContinue())],
    messages: [],
  };
}

/** `recoveryHandleFormSubmission`: the code field, the hidden method and a "Resend code" button. */
export function codeSentUi(ctx: RequestContext, flow: RecoveryFlow, email: string): UiContainer {
  const code = inputNode('code', 'code', 'text', {
    required: true,
    pattern: '[0-9]+',
    maxlength: CODE_LENGTH,
    label: messages.labelRecoveryCode(),
  });
  return {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [
      csrfNode(flow.csrfToken),
      code,
      inputNode('method', 'code', 'hidden', { value: 'code' }),
      submitNode('code', 'code', messages.labelContinue()),
      inputNode('email', 'code', 'submit', { value: email, label: messages.labelResendCode() }),
    ],
    messages: [messages.recoveryCodeSent()],
  };
}

/** `PopulateRecoveryMethod` of the link strategy. */
export function linkRecoveryUi(ctx: RequestContext, flow: RecoveryFlow): UiContainer {
  return {
    action: `${ctx.deps.config.publicBaseUrl}self-service/recovery?flow=${flow.id}`,
    method: 'POST',
    nodes: [csrfNode(flow.csrfToken), linkEmailInput(), linkSubmit()],
    messages: [],
  };
}

/** `recovery.NewFlow`; refused while the caller has a session (unless replacing a flow). */
export function createRecoveryFlow(
  ctx: RequestContext,
  type: FlowType,
  options: { replacing?: boolean } = {},
): RecoveryFlow {
  const { config } = ctx.deps;
  if (!config.recoveryEnabled) throw recoveryDisabled();
  if (options.replacing !== true && fetchSession(ctx)) throw recoveryAlreadyLoggedIn();
  const flow: RecoveryFlow = {
    kind: 'recovery',
    ...newFlowBase(ctx, 'recovery', type, { replacing: options.replacing, state: 'choose_method' }),
    active: config.recoveryUse,
    continueWith: [],
    codes: [],
    submitCount: 0,
  };
  flow.ui = config.recoveryUse === 'link' ? linkRecoveryUi(ctx, flow) : chooseMethodUi(ctx, flow);
  ctx.deps.store.saveFlow(flow);
  return flow;
}

/** Field order of `recovery.Flow`. */
export function recoveryFlowJson(flow: RecoveryFlow): Record<string, unknown> {
  return {
    ...flowHeadJson(flow),
    state: flow.state,
    continue_with: flow.continueWith.length > 0 ? flow.continueWith : undefined,
  };
}

export const recoveryEndpoints: FlowEndpointSpec<'recovery'> = {
  kind: 'recovery',
  create: (ctx, type, options) => createRecoveryFlow(ctx, type, options),
  toJson: recoveryFlowJson,
  uiUrl: (ctx) => recoveryUiUrl(ctx),
  // `session.RedirectOnAuthenticated` uses 302.
  authenticatedRedirectStatus: 302,
  expiredBrowserFetchHasId: false,
};
