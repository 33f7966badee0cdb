/**
 * Recovery flows with the `code` method (`selfservice/flow/recovery/flow.go`,
 * `selfservice/strategy/code/strategy_recovery.go`, recovery "v1" states): creation (refused with
 * a session), the two screens (ask for the address, ask for the code) and the JSON shape. Unlike
 * verification flows, API recovery flows carry a `csrf_token` node (with an empty value).
 */
import { codeEmailInput } from '../code/codeNodes';
import type { FlowType, RecoveryFlow, SettingsFlow } from '../flow/flow';
import type { FlowEndpointSpec } from '../flow/flowHandlers';
import { flowHeadJson, newFlowBase } from '../flow/flowBase';
import { badRequest, type HerodotError } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError } from '../http/respond';
import type { Identity } from '../identity/identity';
import { linkMethodUi } from '../link/linkNodes';
import { fetchSession } from '../session/sessionLookup';
import { createSettingsFlow } from '../settings/settingsFlow';
import { messages } from '../text/messages';
import { csrfNode, inputNode, submitNode, type InputNode, type UiContainer } from '../ui/nodes';

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

/**
 * `recovery.ErrAlreadyLoggedIn` for a caller with a session, before a method looks at the form:
 * JSON callers get the error, browsers go to the default return URL. True when it answered.
 */
export function refuseSignedIn(ctx: RequestContext): boolean {
  if (!fetchSession(ctx)) return false;
  if (isJsonRequest(ctx)) sendError(ctx, recoveryAlreadyLoggedIn());
  else redirect(ctx, 302, ctx.deps.config.defaultBrowserReturnUrl);
  return true;
}

/** The settings flow a recovery ends in, saying how long the session may change the password. */
export function recoverySettingsFlow(
  ctx: RequestContext,
  type: FlowType,
  identity: Identity,
  now: Date,
): SettingsFlow {
  const settings = createSettingsFlow(ctx, type, identity, { replacing: true });
  settings.ui.messages = [
    messages.recoverySuccessful(new Date(now.getTime() + ctx.deps.config.privilegedSessionMaxAgeMs), now),
  ];
  ctx.deps.store.saveFlow(settings);
  return settings;
}

/** `PopulateRecoveryMethod` in state `choose_method`. */
function chooseMethodUi(ctx: RequestContext, flow: RecoveryFlow): UiContainer {
  return {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [csrfNode(flow.csrfToken), codeEmailInput(), submitNode('code', 'code', messages.labelContinue())],
    messages: [],
  };
}

/** The recovery code field (also on the flows `POST /admin/recovery/code` makes). */
export function recoveryCodeInput(): InputNode {
  return inputNode('code', 'code', 'text', {
    required: true,
    pattern: '[0-9]+',
    maxlength: CODE_LENGTH,
    label: messages.labelRecoveryCode(),
  });
}

/** `recoveryHandleFormSubmission`: the code field, the hidden method and a "Resend code" button. */
export function codeSentUi(ctx: RequestContext, flow: RecoveryFlow, email: string): UiContainer {
  return {
    action: submitAction(ctx, flow.id),
    method: 'POST',
    nodes: [
      csrfNode(flow.csrfToken),
      recoveryCodeInput(),
      inputNode('method', 'code', 'hidden', { value: 'code' }),
      submitNode('code', 'code', messages.labelContinue()),
      inputNode('email', 'code', 'submit', { value: email, label: messages.labelResendCode() }),
    ],
    messages: [messages.recoveryCodeSent()],
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
  flow.ui =
    config.recoveryUse === 'link'
      ? linkMethodUi(submitAction(ctx, flow.id), flow.csrfToken)
      : chooseMethodUi(ctx, flow);
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
