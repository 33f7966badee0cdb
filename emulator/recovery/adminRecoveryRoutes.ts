/**
 * `POST /admin/recovery/code` (`selfservice/strategy/code/strategy_recovery_admin.go`): a recovery
 * flow in state `sent_email` for an identity, with a code the admin hands over instead of an email.
 * The flow skips CSRF checks, and its code does not mark an address as verified.
 * `POST /admin/recovery/link` answers as Kratos does with the `link` method disabled (its default, and the
 * configuration this emulator mirrors): 404 with the "disabled" reason.
 */
import { isUuid } from '../crypto/tokens';
import { generateCode } from '../flow/oneTimeCode';
import { readJsonBody } from '../http/body';
import { badRequest, HerodotError, notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { isJsonObject } from '../json';
import { messages } from '../text/messages';
import { goTime } from '../time';
import { inputNode, submitNode } from '../ui/nodes';
import { formatGoDuration, parseGoDuration } from './goDuration';
import { createRecoveryFlow, recoveryUiUrl } from './recoveryFlow';

function expiresIn(ctx: RequestContext, raw: unknown): number {
  if (typeof raw !== 'string' || raw === '') return ctx.deps.config.codeLifespanMs;
  const ms = parseGoDuration(raw);
  if (ms === undefined) {
    throw badRequest(
      `Unable to parse "expires_in" whose format should match "[0-9]+(ns|us|ms|s|m|h)" but did not: ${raw}`,
    );
  }
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
    const identityId = typeof body.identity_id === 'string' ? body.identity_id : '';
    const identity = isUuid(identityId) ? ctx.deps.store.getIdentity(identityId) : undefined;
    if (!identity)
      throw notFound('could not find identity').with({ message: 'Unable to locate the resource' });

    const now = ctx.deps.now();
    const flow = createRecoveryFlow(ctx, type, { replacing: true });
    flow.expiresAt = new Date(now.getTime() + lifespan);
    flow.skipCsrf = true;
    flow.csrfToken = '';
    flow.state = 'sent_email';
    flow.ui.nodes = [
      inputNode('code', 'code', 'text', {
        required: true,
        pattern: '[0-9]+',
        maxlength: 6,
        label: messages.labelRecoveryCode(),
      }),
      submitNode('code', 'code', messages.labelContinue()),
    ];
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

function linkMethodDisabled(ctx: RequestContext): void {
  sendError(
    ctx,
    new HerodotError({
      code: 404,
      reason:
        'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.',
    }),
  );
}

export function registerAdminRecoveryRoutes(router: Router): void {
  router.post('/admin/recovery/code', createRecoveryCodeForIdentity);
  router.post('/admin/recovery/link', linkMethodDisabled);
}
