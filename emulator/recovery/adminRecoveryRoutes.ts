/**
 * `POST /admin/recovery/code` (`selfservice/strategy/code/strategy_recovery_admin.go`): a recovery
 * flow in state `sent_email` for an identity, with a code the admin hands over instead of an email.
 * The flow skips CSRF checks, and its code does not mark an address as verified.
 * `POST /admin/recovery/link` (`selfservice/strategy/link/strategy_recovery.go`) needs the `link`
 * method (`recoveryUse: 'link'`): a browser recovery flow and an admin token (it verifies no address);
 * otherwise it answers 404 with the "disabled" reason, like Kratos with the method off.
 */
import { isUuid } from '../crypto/tokens';
import { generateCode } from '../flow/oneTimeCode';
import { readJsonBody } from '../http/body';
import { badRequest, HerodotError, notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { isJsonObject, stringField } from '../json';
import { messages } from '../text/messages';
import { goTime } from '../time';
import { submitNode } from '../ui/nodes';
import { strategyDisabled } from '../flow/strategyOutcome';
import { linkUrl, newLinkToken } from '../link/linkTokens';
import { formatGoDuration, parseGoDuration } from './goDuration';
import { createRecoveryFlow, recoveryCodeInput, recoveryUiUrl } from './recoveryFlow';

/** `expires_in` in milliseconds, `undefined` when not given; a malformed duration is a 400. */
function parseExpiresIn(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const ms = parseGoDuration(raw);
  if (ms === undefined) {
    throw badRequest(
      `Unable to parse "expires_in" whose format should match "[0-9]+(ns|us|ms|s|m|h)" but did not: ${raw}`,
    );
  }
  return ms;
}

/** The code's lifespan: `expires_in`, else `code.config.lifespan`. */
function expiresIn(ctx: RequestContext, raw: unknown): number {
  const ms = parseExpiresIn(raw);
  if (ms === undefined) return ctx.deps.config.codeLifespanMs;
  if (ms <= 0)
    throw badRequest(`Value from "expires_in" must result to a future time: ${formatGoDuration(ms)}`);
  return ms;
}

async function createRecoveryCodeForIdentity(ctx: RequestContext): Promise<void> {
  try {
    const body = await readJsonBody(ctx);
    if (!isJsonObject(body))
      throw badRequest().with({ message: 'json: cannot unmarshal into the request body' });
    const lifespan = expiresIn(ctx, body.expires_in);
    const type = body.flow_type === 'api' ? 'api' : 'browser';
    const identityId = stringField(body, 'identity_id');
    const identity = isUuid(identityId) ? ctx.deps.store.getIdentity(identityId) : undefined;
    if (!identity)
      throw notFound('could not find identity').with({ message: 'Unable to locate the resource' });

    const now = ctx.deps.now();
    const flow = createRecoveryFlow(ctx, type, { replacing: true });
    flow.expiresAt = new Date(now.getTime() + lifespan);
    flow.skipCsrf = true;
    flow.csrfToken = '';
    flow.state = 'sent_email';
    flow.ui.nodes = [recoveryCodeInput(), submitNode('code', 'code', messages.labelContinue())];
    const code = generateCode();
    flow.codes = [{ code, identityId: identity.id, address: '', expiresAt: flow.expiresAt }];
    ctx.deps.store.saveFlow(flow);
    sendJson(ctx, 201, {
      recovery_link: recoveryUiUrl(ctx, flow.id),
      recovery_code: code,
      expires_at: goTime(flow.expiresAt),
    });
  } catch (error) {
    if (!(error instanceof HerodotError)) throw error;
    sendError(ctx, error);
  }
}

async function createRecoveryLinkForIdentity(ctx: RequestContext): Promise<void> {
  if (ctx.deps.config.recoveryUse !== 'link') {
    sendError(ctx, strategyDisabled());
    return;
  }
  try {
    const body = await readJsonBody(ctx);
    if (!isJsonObject(body))
      throw badRequest().with({ message: 'json: cannot unmarshal into the request body' });
    const lifespan = parseExpiresIn(body.expires_in) ?? ctx.deps.config.linkLifespanMs;
    if (lifespan <= 0) {
      throw badRequest(
        `Value from "expires_in" must be result to a future time: ${stringField(body, 'expires_in')}`,
      );
    }
    const identityId = stringField(body, 'identity_id');
    const identity = isUuid(identityId) ? ctx.deps.store.getIdentity(identityId) : undefined;
    if (!identity) throw badRequest('The requested identity id does not exist.');
    const now = ctx.deps.now();
    const flow = createRecoveryFlow(ctx, 'browser', { replacing: true });
    flow.expiresAt = new Date(now.getTime() + lifespan);
    const token = newLinkToken();
    flow.codes = [{ code: token, identityId: identity.id, address: '', expiresAt: flow.expiresAt }];
    ctx.deps.store.saveFlow(flow);
    // Written with `herodot.UnescapedHTML`: the `&` of the link stays as it is.
    sendJson(ctx, 200, {
      recovery_link: linkUrl(ctx, 'recovery', flow.id, token),
      expires_at: goTime(flow.expiresAt),
    });
  } catch (error) {
    if (!(error instanceof HerodotError)) throw error;
    sendError(ctx, error);
  }
}

export function registerAdminRecoveryRoutes(router: Router): void {
  router.post('/admin/recovery/code', createRecoveryCodeForIdentity);
  router.post('/admin/recovery/link', createRecoveryLinkForIdentity);
}
