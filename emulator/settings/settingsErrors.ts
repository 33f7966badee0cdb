/**
 * The errors of the settings flow (`selfservice/flow/settings/error.go`, `handler.go`) and its
 * `ErrorHandler.WriteFlowError`: expiry (410 + replacement), re-authentication (403
 * `session_refresh_required` / 303 to a refresh login), messages on the flow (400), or forwarding.
 */
import { forwardError } from '../flow/errorForwarding';
import type { SettingsFlow } from '../flow/flow';
import { FlowExpiredError } from '../flow/flowErrors';
import { applyErrorToUi } from '../flow/writeFlowError';
import { goEncodeQuery } from '../admin/pagination';
import { HerodotError } from '../http/herodotError';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import { messages } from '../text/messages';
import { resetMessages } from '../ui/nodes';
import { StrategyAsksToReturnToUi } from '../flow/strategyOutcome';
import { createSettingsFlow, settingsFlowJson, settingsUiUrl, sortSettingsFlow } from './settingsFlow';

/** `settings.NewFlowNeedsReAuth`: the session is older than `privileged_session_max_age`. */
export class SettingsNeedsReauthError extends Error {
  constructor() {
    super('session_refresh_required');
    this.name = 'SettingsNeedsReauthError';
  }
}

export const identityMismatchOnSubmit = (): HerodotError =>
  new HerodotError({
    code: 403,
    id: 'security_identity_mismatch',
    reason:
      'The request was initiated by someone else and has been blocked for security reasons. Please go back and try again.',
  });

export const identityMismatchOnFetch = (): HerodotError =>
  new HerodotError({
    code: 403,
    id: 'security_identity_mismatch',
    reason: 'The request was made for another identity and has been blocked for security reasons.',
  });

/** `reauthenticate`: a refresh login that returns to this very request. */
function reauthenticate(ctx: RequestContext, flow: SettingsFlow): void {
  const base = ctx.deps.config.publicBaseUrl;
  const returnTo = `${base}${ctx.originalPath.replace(/^\//, '')}${ctx.rawQuery === '' ? '' : `?${ctx.rawQuery}`}`;
  const query = goEncodeQuery(new URLSearchParams({ refresh: 'true', return_to: returnTo }));
  const redirectTo = `${base}self-service/login/browser?${query}`;
  if (flow.type === 'api' || isJsonRequest(ctx)) {
    sendError(
      ctx,
      new HerodotError({
        code: 403,
        id: 'session_refresh_required',
        reason:
          'The login session is too old and thus not allowed to update these fields. Please re-authenticate.',
        extra: { redirect_browser_to: redirectTo },
      }),
    );
    return;
  }
  redirect(ctx, 303, redirectTo);
}

export function writeSettingsError(ctx: RequestContext, flow: SettingsFlow, error: unknown): void {
  const json = flow.type === 'api' || isJsonRequest(ctx);
  const now = ctx.deps.now();
  if (error instanceof FlowExpiredError) {
    const replacement = createSettingsFlow(ctx, flow.type, flow.identity, { replacing: true });
    replacement.requestUrl = flow.requestUrl;
    replacement.ui.messages.push(messages.settingsFlowExpired(error.expiredAt, now));
    ctx.deps.store.saveFlow(replacement);
    if (json) sendError(ctx, error.toHerodot(now, replacement.id));
    else redirect(ctx, 303, settingsUiUrl(ctx, replacement.id));
    return;
  }
  if (error instanceof StrategyAsksToReturnToUi) {
    // The form changed but nothing was saved: the flow as it is now, transient payload included.
    flow.updatedAt = now;
    ctx.deps.store.saveFlow(flow);
    if (json) sendJson(ctx, 200, settingsFlowJson(ctx, flow, { transientPayload: true }));
    else redirect(ctx, 303, settingsUiUrl(ctx, flow.id));
    return;
  }
  if (error instanceof SettingsNeedsReauthError) {
    reauthenticate(ctx, flow);
    return;
  }
  resetMessages(flow.ui);
  if (!applyErrorToUi(flow.ui, error)) {
    forwardError(ctx, flow, error);
    return;
  }
  sortSettingsFlow(ctx, flow);
  flow.updatedAt = now;
  ctx.deps.store.saveFlow(flow);
  if (flow.type === 'browser' && !isJsonRequest(ctx)) redirect(ctx, 303, settingsUiUrl(ctx, flow.id));
  else sendJson(ctx, error instanceof HerodotError ? error.code : 400, settingsFlowJson(ctx, flow));
}
