/**
 * Recovery with the `link` method (`selfservice/strategy/link/strategy_recovery.go`; the steps it
 * shares with verification are in `link/linkMethod.ts`): the link goes to a recovery address, and
 * opening it signs the identity in (`link_recovery`), sets the session cookie and sends the browser
 * to a new settings flow — whatever the flow's type, since links open in browsers.
 */
import { queueRecoveryLink } from '../courier/emailTemplates';
import { regenerateCsrfToken } from '../csrf/csrf';
import type { OneTimeCode, RecoveryFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import { redirect } from '../http/respond';
import { markVerified } from '../identity/identity';
import {
  retryWithMessage,
  submitLinkMethod,
  type LinkFlowHandler,
  type LinkFlowKind,
} from '../link/linkMethod';
import { addLinkToken } from '../link/linkTokens';
import { newSession } from '../session/session';
import { issueSessionCookie } from '../session/sessionCookie';
import { settingsUiUrl } from '../settings/settingsFlow';
import { messages } from '../text/messages';
import { setCsrf } from '../ui/nodes';
import { createRecoveryFlow, recoverySettingsFlow, recoveryUiUrl, refuseSignedIn } from './recoveryFlow';

const recoveryByLink: LinkFlowKind<RecoveryFlow> = {
  kind: 'recovery',
  replacement: (ctx, type) => createRecoveryFlow(ctx, type, { replacing: true }),
  uiUrl: recoveryUiUrl,
  texts: {
    expired: messages.recoveryFlowExpired,
    tokenInvalid: messages.recoveryTokenInvalid,
    noStrategy: messages.recoveryNoStrategy,
    retrySuccess: messages.recoveryRetrySuccess,
    emailSent: messages.recoveryEmailSent,
  },
  formCsrf: (_ctx, flow) => (flow.type === 'browser' ? flow.csrfToken : ''),
  refuseSignedIn,
  sendLink(ctx, flow, email) {
    const found = ctx.deps.store.findRecoveryAddress(email.trim().toLowerCase());
    if (!found) return;
    const { value } = found.address;
    queueRecoveryLink(ctx, value, addLinkToken(ctx, 'recovery', flow, found.identity.id, value));
  },
  useToken: issueRecoverySession,
};

/** `recoveryIssueSession`. */
function issueRecoverySession(ctx: RequestContext, flow: RecoveryFlow, token: OneTimeCode, now: Date): void {
  const identity = ctx.deps.store.getIdentity(token.identityId);
  if (!identity) {
    retryWithMessage(ctx, recoveryByLink, 'browser', messages.recoveryTokenInvalid());
    return;
  }
  // Self-service links prove the address (admin links carry none).
  for (const address of identity.verifiableAddresses) {
    if (token.address === '' || address.value !== token.address) continue;
    markVerified(address, now);
  }
  flow.ui.messages = [];
  flow.state = 'passed_challenge';
  flow.csrfToken = regenerateCsrfToken(ctx);
  setCsrf(flow.ui, flow.csrfToken);
  flow.updatedAt = now;
  ctx.deps.store.saveFlow(flow);
  const session = newSession(identity, 'link_recovery', ctx.req, now, ctx.deps.config.sessionLifespanMs);
  ctx.deps.store.insertSession(session);
  issueSessionCookie(ctx, session);
  const settings = recoverySettingsFlow(ctx, 'browser', identity, now);
  redirect(ctx, 303, settingsUiUrl(ctx, settings.id));
}

/** The link strategy's `Recover`. */
export function linkRecover(
  ctx: RequestContext,
  flow: RecoveryFlow,
  handler: LinkFlowHandler<RecoveryFlow>,
): Promise<void> {
  return submitLinkMethod(ctx, recoveryByLink, flow, handler);
}
