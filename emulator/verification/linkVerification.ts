/**
 * Verification with the `link` method (`selfservice/strategy/link/strategy_verification.go`; the
 * steps it shares with recovery are in `link/linkMethod.ts`): the link goes to a verifiable
 * address, and opening it verifies the address and sends the browser to the verification UI with
 * the flow, now `passed_challenge`.
 */
import { queueVerificationLink } from '../courier/emailTemplates';
import { formCsrfToken } from '../csrf/csrf';
import type { VerificationFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import { showLinkSent, submitLinkMethod, type LinkFlowHandler, type LinkFlowKind } from '../link/linkMethod';
import { addLinkToken } from '../link/linkTokens';
import { messages } from '../text/messages';
import { createVerificationFlow, passVerification, verificationUiUrl } from './verificationFlow';

/** `SendVerificationLink`: a token and an email for a known verifiable address (status `sent`). */
function sendVerificationLink(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  const found = ctx.deps.store.findVerifiableAddress(email.trim().toLowerCase());
  if (!found) return;
  const { address } = found;
  queueVerificationLink(
    ctx,
    address.value,
    addLinkToken(ctx, 'verification', flow, found.identity.id, address.value),
  );
  address.status = 'sent';
  address.updatedAt = ctx.deps.now();
}

const verificationByLink: LinkFlowKind<VerificationFlow> = {
  kind: 'verification',
  replacement: (ctx, type) => createVerificationFlow(ctx, type, { replacing: true }),
  uiUrl: verificationUiUrl,
  texts: {
    expired: messages.verificationFlowExpired,
    tokenInvalid: messages.verificationTokenInvalid,
    noStrategy: messages.verificationNoStrategy,
    retrySuccess: messages.verificationRetrySuccess,
    emailSent: messages.verificationEmailSent,
  },
  formCsrf: formCsrfToken,
  sendLink: sendVerificationLink,
  useToken(ctx, flow, token, now, handler) {
    passVerification(ctx, flow, token, now, 'link');
    handler.answerWithFlow(ctx, flow);
  },
};

/** What the verification hook does after a registration or a profile update, by link. */
export function sendVerificationLinkFlow(ctx: RequestContext, flow: VerificationFlow, email: string): void {
  sendVerificationLink(ctx, flow, email);
  showLinkSent(ctx, verificationByLink, flow, email);
}

/** The link strategy's `Verify`. */
export function linkVerify(
  ctx: RequestContext,
  flow: VerificationFlow,
  handler: LinkFlowHandler<VerificationFlow>,
): Promise<void> {
  return submitLinkMethod(ctx, verificationByLink, flow, handler);
}
