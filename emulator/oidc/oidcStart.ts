/**
 * Starting a social sign-in (`Strategy.Login`/`Register`/`initLinkProvider` after the checks): a
 * state for the callback, the `ory_kratos_continuity` cookie that ties it to this browser, and the
 * answer — 422 `browser_location_change_required` for JSON requests (SPAs and native apps alike),
 * else a 303 to the provider.
 */
import { randomAlphanumeric } from '../crypto/tokens';
import type { LoginFlow, RegistrationFlow, SettingsFlow } from '../flow/flow';
import { browserLocationChangeRequired } from '../flow/flowErrors';
import { CompletedByStrategy } from '../flow/strategyOutcome';
import { setCookie } from '../http/cookies';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError } from '../http/respond';
import type { JsonObject } from '../json';
import type { OidcProviderConfig } from '../options';
import { authorizationUrl } from './oidcProviders';

export const CONTINUITY_COOKIE = 'ory_kratos_continuity';
const STATE_LIFESPAN_MS = 30 * 60 * 1000;

export function startSocialSignIn(
  ctx: RequestContext,
  flow: LoginFlow | RegistrationFlow | SettingsFlow,
  provider: OidcProviderConfig,
  options: { traits?: JsonObject; transientPayload?: JsonObject } = {},
): never {
  const now = ctx.deps.now();
  const state = randomAlphanumeric(48);
  const continuity = randomAlphanumeric(48);
  const expiresAt = new Date(now.getTime() + STATE_LIFESPAN_MS);
  ctx.deps.store.oidcStates.set(state, {
    state,
    flowId: flow.id,
    flowKind: flow.kind,
    provider: provider.id,
    continuity,
    traits: options.traits,
    transientPayload: options.transientPayload,
    expiresAt,
  });
  setCookie(ctx, {
    name: CONTINUITY_COOKIE,
    value: continuity,
    path: '/',
    expires: expiresAt,
    maxAge: STATE_LIFESPAN_MS / 1000,
    httpOnly: true,
    secure: false,
    sameSite: 'Lax',
  });
  if (flow.kind !== 'settings') flow.active = 'oidc';
  flow.updatedAt = now;
  ctx.deps.store.saveFlow(flow);
  const codeUrl = authorizationUrl(ctx, provider, state);
  if (isJsonRequest(ctx)) sendError(ctx, browserLocationChangeRequired(codeUrl));
  else redirect(ctx, 303, codeUrl);
  throw new CompletedByStrategy();
}
