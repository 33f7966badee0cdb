/**
 * Verification with the `link` method (`selfservice/strategy/link/strategy_verification.go`): the
 * form takes an address and emails a link; opening it (`GET /self-service/verification?flow=&token=`)
 * verifies the address and sends the browser to the verification UI with the flow, now
 * `passed_challenge`. Bad or used links start a new (browser) flow carrying 4070001.
 */
import { csrfTokenFor, regenerateCsrfToken } from '../csrf/csrf';
import type { FlowType, VerificationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { decodeBody, type FieldSpec } from '../http/body';
import { isBrowserRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import { isJsonObject, type JsonObject } from '../json';
import { linkEmailInput } from '../link/linkNodes';
import { queueVerificationLink } from '../link/linkEmails';
import { linkUrl, newLinkToken, useLinkToken } from '../link/linkTokens';
import { messages, type UiText } from '../text/messages';
import { anchorNode, csrfNode, setCsrf, upsertById } from '../ui/nodes';
import { createVerificationFlow, verificationFlowJson, verificationUiUrl } from './verificationFlow';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['method', { type: 'string', required: false }],
  ['token', { type: 'string', required: false }],
  ['email', { type: 'string', required: false }],
  ['flow', { type: 'string', required: false }],
  ['csrf_token', { type: 'string', required: false }],
  ['transient_payload', { type: 'json', required: false }],
]);

/** What the verification handler lends the strategy. */
export interface VerificationHandler {
  writeError(
    ctx: RequestContext,
    flow: VerificationFlow,
    error: unknown,
    group: 'code' | 'default' | 'link',
  ): void;
}

/** `SendVerificationLink`: a token and an email for a known verifiable address (status `sent`). */
export function sendVerificationLink(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  const value = email.trim().toLowerCase();
  const now = ctx.deps.now();
  for (const identity of ctx.deps.store.listIdentities()) {
    const address = identity.verifiableAddresses.find((a) => a.via === 'email' && a.value === value);
    if (!address) continue;
    const token = newLinkToken();
    flow.codes.push({
      code: token,
      identityId: identity.id,
      address: address.value,
      expiresAt: new Date(now.getTime() + ctx.deps.config.linkLifespanMs),
    });
    queueVerificationLink(ctx, address.value, linkUrl(ctx, 'verification', flow.id, token));
    address.status = 'sent';
    address.updatedAt = now;
    return;
  }
}

/** The "link sent" form (also what the registration hook's flow shows). */
export function linkSentUi(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  setCsrf(flow.ui, flow.type === 'browser' ? csrfTokenFor(ctx) : '');
  upsertById(flow.ui, linkEmailInput(email));
  flow.active = 'link';
  flow.state = 'sent_email';
  flow.ui.messages = [messages.verificationEmailSent()];
}

function retryWithMessage(ctx: RequestContext, type: FlowType, message: UiText): void {
  regenerateCsrfToken(ctx);
  const replacement = createVerificationFlow(ctx, type, { replacing: true });
  replacement.ui.messages.push(message);
  ctx.deps.store.saveFlow(replacement);
  if (type === 'browser') redirect(ctx, 303, verificationUiUrl(ctx, replacement.id));
  else
    redirect(
      ctx,
      303,
      `${ctx.deps.config.publicBaseUrl}self-service/verification/flows?id=${replacement.id}`,
    );
}

/** `verificationUseToken`. */
function useToken(ctx: RequestContext, flow: VerificationFlow, token: string): void {
  const now = ctx.deps.now();
  const result = useLinkToken(flow.codes, token, now);
  if (!result.ok) {
    retryWithMessage(
      ctx,
      'browser',
      result.expiredAt
        ? messages.verificationFlowExpired(result.expiredAt, now)
        : messages.verificationTokenInvalid(),
    );
    return;
  }
  const identity = ctx.deps.store.getIdentity(result.token.identityId);
  const address = identity?.verifiableAddresses.find((a) => a.value === result.token.address);
  if (address) {
    address.verified = true;
    address.verifiedAt = now;
    address.status = 'completed';
    address.updatedAt = now;
  }
  const returnTo = flow.returnTo ?? ctx.deps.config.defaultBrowserReturnUrl;
  flow.state = 'passed_challenge';
  flow.csrfToken = flow.type === 'browser' ? csrfTokenFor(ctx) : '';
  flow.ui = {
    action: returnTo,
    method: 'GET',
    nodes: [csrfNode(flow.csrfToken), anchorNode('continue', returnTo, 'link', messages.labelContinue())],
    messages: [messages.verificationSuccessful()],
  };
  answer(ctx, flow);
}

/** The handler's answer: a 303 to the UI for browsers (a link is always opened by one), else JSON. */
function answer(ctx: RequestContext, flow: VerificationFlow): void {
  flow.updatedAt = ctx.deps.now();
  ctx.deps.store.saveFlow(flow);
  if (isBrowserRequest(ctx)) redirect(ctx, 303, verificationUiUrl(ctx, flow.id));
  else sendJson(ctx, 200, verificationFlowJson(flow));
}

/** The link strategy's `Verify`. */
export async function linkVerify(
  ctx: RequestContext,
  flow: VerificationFlow,
  handler: VerificationHandler,
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
  if (str('method') !== 'link') {
    handler.writeError(ctx, flow, FlowValidationError.of('', messages.verificationNoStrategy()), 'default');
    return;
  }
  if (flow.state === 'passed_challenge') {
    retryWithMessage(ctx, flow.type, messages.verificationRetrySuccess());
    return;
  }
  const email = str('email');
  try {
    if (email === '') throw FlowValidationError.of('email', messages.required('email'));
    ensureCsrf(ctx, flow, str('csrf_token'));
  } catch (error) {
    setCsrf(flow.ui, flow.type === 'browser' ? csrfTokenFor(ctx) : '');
    upsertById(flow.ui, linkEmailInput(email === '' ? undefined : email));
    handler.writeError(ctx, flow, error, 'link');
    return;
  }
  sendVerificationLink(ctx, flow, email);
  linkSentUi(ctx, flow, email);
  answer(ctx, flow);
}
