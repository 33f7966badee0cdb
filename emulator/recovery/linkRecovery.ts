/**
 * Recovery with the `link` method (`selfservice/strategy/link/strategy_recovery.go`): the form takes
 * an address and emails a link; opening the link (`GET /self-service/recovery?flow=&token=`) signs the
 * identity in (`link_recovery`), sets the session cookie and sends the browser to a new settings flow
 * — whatever the flow's type, since links open in browsers. Bad or used links start a new flow with
 * a message.
 */
import { regenerateCsrfToken } from '../csrf/csrf';
import type { FlowType, RecoveryFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { decodeBody, type FieldSpec } from '../http/body';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError } from '../http/respond';
import { isJsonObject, type JsonObject } from '../json';
import { linkEmailInput } from '../link/linkNodes';
import { queueRecoveryLink } from '../link/linkEmails';
import { linkUrl, newLinkToken, useLinkToken } from '../link/linkTokens';
import { newSession } from '../session/session';
import { issueSessionCookie } from '../session/sessionCookie';
import { fetchSession } from '../session/sessionLookup';
import { createSettingsFlow, settingsUiUrl } from '../settings/settingsFlow';
import { messages, type UiText } from '../text/messages';
import { setCsrf, upsertById } from '../ui/nodes';
import { createRecoveryFlow, recoveryAlreadyLoggedIn, recoveryUiUrl } from './recoveryFlow';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['method', { type: 'string', required: false }],
  ['token', { type: 'string', required: false }],
  ['email', { type: 'string', required: false }],
  ['flow', { type: 'string', required: false }],
  ['csrf_token', { type: 'string', required: false }],
  ['transient_payload', { type: 'json', required: false }],
]);

/** What the recovery handler lends the strategy: its error writer and its "here is the flow" answer. */
export interface RecoveryHandler {
  writeError(ctx: RequestContext, flow: RecoveryFlow, error: unknown, group: 'link' | 'default'): void;
  answerWithFlow(ctx: RequestContext, flow: RecoveryFlow): void;
}

/** `retryRecoveryFlowWithMessage`: a new flow carrying the message (browsers to its UI). */
function retryWithMessage(ctx: RequestContext, type: FlowType, message: UiText): void {
  regenerateCsrfToken(ctx);
  const replacement = createRecoveryFlow(ctx, type, { replacing: true });
  replacement.ui.messages.push(message);
  ctx.deps.store.saveFlow(replacement);
  if (type === 'browser') redirect(ctx, 303, recoveryUiUrl(ctx, replacement.id));
  else redirect(ctx, 303, `${ctx.deps.config.publicBaseUrl}self-service/recovery/flows?id=${replacement.id}`);
}

/** `recoveryUseToken` + `recoveryIssueSession`. */
function useToken(ctx: RequestContext, flow: RecoveryFlow, token: string): void {
  const now = ctx.deps.now();
  const result = useLinkToken(flow.codes, token, now);
  if (!result.ok) {
    retryWithMessage(
      ctx,
      'browser',
      result.expiredAt
        ? messages.recoveryFlowExpired(result.expiredAt, now)
        : messages.recoveryTokenInvalid(),
    );
    return;
  }
  const identity = ctx.deps.store.getIdentity(result.token.identityId);
  if (!identity) {
    retryWithMessage(ctx, 'browser', messages.recoveryTokenInvalid());
    return;
  }
  // Self-service links prove the address (admin links carry none).
  for (const address of identity.verifiableAddresses) {
    if (result.token.address === '' || address.value !== result.token.address) continue;
    address.verified = true;
    address.verifiedAt = now;
    address.status = 'completed';
  }
  flow.ui.messages = [];
  flow.state = 'passed_challenge';
  flow.csrfToken = regenerateCsrfToken(ctx);
  setCsrf(flow.ui, flow.csrfToken);
  flow.updatedAt = now;
  ctx.deps.store.saveFlow(flow);
  const { config } = ctx.deps;
  const session = newSession(identity, 'link_recovery', ctx.req, now, config.sessionLifespanMs);
  ctx.deps.store.insertSession(session);
  issueSessionCookie(ctx, session);
  const settings = createSettingsFlow(ctx, 'browser', identity, { replacing: true });
  settings.ui.messages = [
    messages.recoverySuccessful(new Date(now.getTime() + config.privilegedSessionMaxAgeMs), now),
  ];
  ctx.deps.store.saveFlow(settings);
  redirect(ctx, 303, settingsUiUrl(ctx, settings.id));
}

/** `SendRecoveryLink`: a token and an email when the address is a recovery address of someone. */
function sendLink(ctx: RequestContext, flow: RecoveryFlow, email: string): void {
  const value = email.trim().toLowerCase();
  for (const identity of ctx.deps.store.listIdentities()) {
    const address = identity.recoveryAddresses.find((a) => a.via === 'email' && a.value === value);
    if (!address) continue;
    const token = newLinkToken();
    flow.codes.push({
      code: token,
      identityId: identity.id,
      address: address.value,
      expiresAt: new Date(ctx.deps.now().getTime() + ctx.deps.config.linkLifespanMs),
    });
    queueRecoveryLink(ctx, address.value, linkUrl(ctx, 'recovery', flow.id, token));
    return;
  }
}

/** `HandleRecoveryError`: the address field keeps what was sent. */
function handleError(ctx: RequestContext, flow: RecoveryFlow, email: string): void {
  setCsrf(flow.ui, flow.type === 'browser' ? flow.csrfToken : '');
  upsertById(flow.ui, linkEmailInput(email === '' ? undefined : email));
}

/** The link strategy's `Recover`. */
export async function linkRecover(
  ctx: RequestContext,
  flow: RecoveryFlow,
  handler: RecoveryHandler,
): Promise<void> {
  let payload: JsonObject;
  try {
    payload = await decodeBody(ctx, { allowedMethods: ['POST', 'GET'], fields: FIELDS });
    const invalid = ctx.deps.schemas.validateStaticPayload('linkRecovery', payload);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
  } catch (error) {
    handler.writeError(ctx, flow, error, 'link');
    return;
  }
  const str = (key: string): string => (typeof payload[key] === 'string' ? payload[key] : '');
  flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
  const token = str('token') || (ctx.query.get('token') ?? '');
  if (token !== '') {
    useToken(ctx, flow, token);
    return;
  }
  if (fetchSession(ctx)) {
    if (isJsonRequest(ctx)) sendError(ctx, recoveryAlreadyLoggedIn());
    else redirect(ctx, 302, ctx.deps.config.defaultBrowserReturnUrl);
    return;
  }
  if (str('method') !== 'link') {
    handler.writeError(ctx, flow, FlowValidationError.of('', messages.recoveryNoStrategy()), 'default');
    return;
  }
  if (flow.state === 'passed_challenge') {
    retryWithMessage(ctx, flow.type, messages.recoveryRetrySuccess());
    return;
  }
  const email = str('email');
  try {
    if (email === '') throw FlowValidationError.of('email', messages.required('email'));
    ensureCsrf(ctx, flow, str('csrf_token'));
  } catch (error) {
    handleError(ctx, flow, email);
    handler.writeError(ctx, flow, error, 'link');
    return;
  }
  sendLink(ctx, flow, email);
  setCsrf(flow.ui, flow.type === 'browser' ? flow.csrfToken : '');
  upsertById(flow.ui, linkEmailInput(email));
  flow.active = 'link';
  flow.state = 'sent_email';
  flow.ui.messages = [messages.recoveryEmailSent()];
  handler.answerWithFlow(ctx, flow);
}
