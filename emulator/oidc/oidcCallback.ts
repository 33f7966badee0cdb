/**
 * `GET /self-service/methods/oidc/callback/{provider}` (`Strategy.HandleCallback`): checks the state
 * and the continuity cookie (or, for native apps, the token exchange), trades the code for the
 * claims, then finishes the flow that started it (socialSignIn.ts for login and registration) or
 * links the account in settings.
 */
import { forwardError } from '../flow/errorForwarding';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { writeFlowError } from '../flow/writeFlowError';
import { badRequest, HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { redirect } from '../http/respond';
import { loginFlowAdapter } from '../login/loginFlow';
import type { OidcProviderConfig } from '../options';
import { registrationFlowAdapter } from '../registration/registrationFlow';
import { completedLoginFor } from '../session/session';
import { fetchSession } from '../session/sessionLookup';
import { isPrivileged } from '../settings/profileSettings';
import { SettingsNeedsReauthError, writeSettingsError } from '../settings/settingsErrors';
import { completeSettings } from '../settings/settingsRoutes';
import type { OidcAuthCode } from '../store/store';
import { messages } from '../text/messages';
import { attachProviderCredential } from './accountLinking';
import { callbackFlowError } from './oidcCallbackFlow';
import { findProvider, oidcIdentifier } from './oidcProviders';
import {
  processLogin,
  processRegistration,
  providerCredential,
  writeIncompleteTraits,
  type ProviderAnswer,
} from './socialSignIn';

const callbackError = (reason: string): HerodotError => badRequest(reason);

/** `linkProvider`: the account becomes another way to sign in to the session's identity. */
function linkProvider(
  ctx: RequestContext,
  flow: SettingsFlow,
  claims: OidcAuthCode,
  provider: OidcProviderConfig,
): void {
  const active = fetchSession(ctx);
  if (!active || active.identity.id !== flow.identity.id) {
    writeSettingsError(
      ctx,
      flow,
      new HerodotError({ code: 401, reason: 'No active session was found in this request.' }),
    );
    return;
  }
  if (!isPrivileged(ctx, active.session)) {
    writeSettingsError(ctx, flow, new SettingsNeedsReauthError());
    return;
  }
  const identity = ctx.deps.store.getIdentity(active.identity.id) ?? active.identity;
  const taken = ctx.deps.store.findByCredentialsIdentifier(
    'oidc',
    oidcIdentifier(provider.id, claims.subject),
  );
  const linked = (identity.credentials.oidc?.config.providers ?? []).some((p) => p.provider === provider.id);
  if (linked || (taken && taken.id !== identity.id)) {
    writeSettingsError(
      ctx,
      flow,
      FlowValidationError.of(
        '',
        messages.validationGeneric('can not link unknown or already existing OpenID Connect connection'),
      ),
    );
    return;
  }
  const updated = structuredClone(identity);
  const now = ctx.deps.now();
  attachProviderCredential(updated, providerCredential({ provider, claims, via: 'callback' }, now), now);
  completedLoginFor(active.session, { method: 'oidc', aal: 'aal1', completedAt: now, provider: provider.id });
  completeSettings(ctx, flow, active, updated, 'oidc');
}

const INVALID_STATE = 'Unable to complete OpenID Connect flow because the state parameter is invalid.';

/** The callback's checks (`ValidateCallback`); errors before the flow is known go to the error UI. */
export function handleOidcCallback(ctx: RequestContext): void {
  const { store, config } = ctx.deps;
  const toErrorUi = (reason: string): void => {
    forwardError(ctx, undefined, callbackError(reason));
  };
  const stateParam = ctx.query.get('state') ?? '';
  if (stateParam === '') {
    toErrorUi(
      'Unable to complete OpenID Connect flow because the OpenID Provider did not return the state query parameter.',
    );
    return;
  }
  const state = store.oidcStates.get(stateParam);
  if (!state || state.expiresAt.getTime() < ctx.deps.now().getTime()) {
    toErrorUi(INVALID_STATE);
    return;
  }
  if ((ctx.params.provider ?? state.provider) !== state.provider) {
    toErrorUi('Unable to complete OpenID Connect flow: provider mismatch between internal state and URL.');
    return;
  }
  const flow = store.getFlow(state.flowKind, state.flowId);
  const provider = findProvider(config, state.provider);
  if (!flow || !provider) {
    toErrorUi(INVALID_STATE);
    return;
  }
  const fail = (error: unknown): void => {
    if (flow.kind === 'login') writeFlowError(ctx, flow, error, loginFlowAdapter);
    else if (flow.kind === 'registration') writeFlowError(ctx, flow, error, registrationFlowAdapter);
    else writeSettingsError(ctx, flow, error);
  };
  const invalid = callbackFlowError(ctx, flow, state);
  if (invalid) {
    forwardError(ctx, undefined, invalid);
    return;
  }
  const errorParam = ctx.query.get('error') ?? '';
  if (errorParam !== '') {
    fail(
      callbackError(
        `Unable to complete OpenID Connect flow because the OpenID Provider returned error "${errorParam}": ${ctx.query.get('error_description') ?? ''}`,
      ),
    );
    return;
  }
  const code = ctx.query.get('code') ?? ctx.query.get('authCode') ?? '';
  if (code === '') {
    fail(
      callbackError(
        'Unable to complete OpenID Connect flow because the OpenID Provider did not return the code query parameter.',
      ),
    );
    return;
  }
  const claims = store.oidcCodes.get(code);
  if (!claims || claims.provider !== provider.id) {
    fail(
      new HerodotError({
        code: 502,
        reason: 'The authorization code could not be exchanged with the OpenID Provider.',
      }),
    );
    return;
  }
  store.oidcCodes.delete(code);
  store.oidcStates.delete(stateParam);
  const answer: ProviderAnswer = {
    provider,
    claims,
    traits: state.traits,
    transientPayload: state.transientPayload,
    via: 'callback',
  };
  // `HandleCallback` marks the flow as the oidc strategy's before processing it.
  flow.active = 'oidc';
  if (flow.kind === 'settings') {
    linkProvider(ctx, flow, claims, provider);
    return;
  }
  const incomplete =
    flow.kind === 'login' ? processLogin(ctx, flow, answer) : processRegistration(ctx, flow, answer);
  if (incomplete) writeIncompleteTraits(ctx, flow, answer, incomplete);
}

/** Apple-style form posts to the callback become a `GET` carrying the fields (`redirectToGET`). */
export async function redirectCallbackToGet(ctx: RequestContext): Promise<void> {
  const target = new URL(`${ctx.deps.config.publicBaseUrl}${ctx.path.replace(/^\//, '')}`);
  for (const [key, value] of ctx.query) target.searchParams.set(key, value);
  const form = new URLSearchParams((await ctx.body()).toString('utf8'));
  for (const [key, value] of form) target.searchParams.set(key, value);
  redirect(ctx, 302, target.toString());
}
