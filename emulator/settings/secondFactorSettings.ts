/**
 * What the TOTP and backup-code methods share in settings (`selfservice/strategy/totp/settings.go`,
 * `selfservice/strategy/lookup/settings.go`): the checks of a submit once it is theirs, the form
 * reset on errors, and how a new credential is added.
 */
import { formCsrfToken } from '../csrf/csrf';
import type { SettingsFlow } from '../flow/flow';
import { ensureCsrf } from '../flow/flowRequest';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import type { RequestContext } from '../http/requestContext';
import type { CredentialConfig, Identity } from '../identity/identity';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { completedLoginFor } from '../session/session';
import type { ActiveSession } from '../session/sessionLookup';
import { resetMessages, setCsrf } from '../ui/nodes';
import { isPrivileged } from './profileSettings';
import { SettingsNeedsReauthError } from './settingsErrors';

/**
 * `methodEnabledAndAllowed`, the CSRF token and a privileged session; returns the stored identity
 * the method updates.
 */
export function acceptSecondFactorSubmit(
  ctx: RequestContext,
  flow: SettingsFlow,
  active: ActiveSession,
  payload: JsonObject,
  method: { readonly id: 'totp' | 'lookup_secret'; readonly submitted: string; readonly enabled: boolean },
): Identity {
  methodEnabledAndAllowed(method.id, method.submitted, method.enabled);
  if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
  ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
  if (!isPrivileged(ctx, active.session)) throw new SettingsNeedsReauthError();
  return ctx.deps.store.getIdentity(active.identity.id) ?? active.identity;
}

/** `handleSettingsError`: the messages go, the token is set anew. */
export function resetSecondFactorForm(ctx: RequestContext, flow: SettingsFlow): void {
  resetMessages(flow.ui);
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
}

/** The new credential; setting it up proved the method, so the session gains it (aal2). */
export function addSecondFactor(
  identity: Identity,
  active: ActiveSession,
  type: 'totp' | 'lookup_secret',
  config: CredentialConfig,
  now: Date,
): void {
  identity.credentials[type] = {
    type,
    identifiers: [identity.id],
    config,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
  completedLoginFor(active.session, { method: type, aal: 'aal2', completedAt: now });
}
