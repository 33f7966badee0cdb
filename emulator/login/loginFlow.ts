/**
 * Login flows (`selfservice/flow/login`): creation with the AAL/refresh/session rules of
 * `Handler.NewLoginFlow`, the password strategy's form hydration, node sorting and the JSON shape.
 */
import { csrfTokenFor } from '../csrf/csrf';
import { isUuid, newId } from '../crypto/tokens';
import { createTokenExchange } from '../session/tokenExchange';
import type { LoginFlow, FlowType } from '../flow/flow';
import { loginAlreadyLoggedIn, sessionRequiredForHigherAal } from '../flow/flowErrors';
import { requestUrl, validatedReturnTo } from '../flow/flowRequest';
import type { FlowKindAdapter } from '../flow/writeFlowError';
import { parseGoBool } from '../http/body';
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { fetchSession, type ActiveSession } from '../session/sessionLookup';
import { aalRank, type Aal } from '../session/session';
import { messages } from '../text/messages';
import { setCsrf } from '../ui/nodes';
import { sortBySchema } from '../ui/sortBySchema';
import { loginFlowJson, loginUiUrl } from './loginFlowJson';
import { codeFastLogin2fa } from './codeLogin';
import { enabledLoginStrategies } from './loginStrategies';

function parseRequestedAal(raw: string | null): Aal {
  const value = (raw ?? '').toLowerCase();
  if (value === '' || value === 'aal1') return 'aal1';
  if (value === 'aal2') return 'aal2';
  throw badRequest(
    `Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of [aal1, aal2] but got ${value}`,
  );
}

/** `login/sort.go`: groups in a fixed order, then `csrf_token, identifier, password`, buttons last. */
export function sortLoginFlow(flow: LoginFlow): void {
  sortBySchema(flow.ui.nodes, {
    groups: ['oidc', 'default', 'webauthn', 'passkey', 'code', 'password', 'totp', 'lookup_secret'],
    keys: ['csrf_token', 'identifier', 'password'],
  });
}

/**
 * The `preLoginHook` loop of `NewLoginFlow`: every enabled strategy fills the form for the flow's
 * AAL — the refresh form, the identifier-first screen or the first-factor form at aal1, the
 * second-factor forms at aal2.
 */
function hydrate(ctx: RequestContext, flow: LoginFlow, active: ActiveSession | undefined): void {
  const { config } = ctx.deps;
  for (const strategy of enabledLoginStrategies(config)) {
    if (flow.requestedAal === 'aal1') {
      const hydrator = strategy.aal1;
      if (!hydrator) continue;
      if (flow.refresh && active) hydrator.firstFactorRefresh(ctx, flow, active);
      else if (config.loginStyle === 'identifier_first') hydrator.identifierFirstIdentification(ctx, flow);
      else hydrator.firstFactor(ctx, flow);
    } else {
      const hydrator = strategy.aal2;
      if (!hydrator || !active) continue;
      if (flow.refresh) hydrator.secondFactorRefresh(ctx, flow, active);
      else hydrator.secondFactor(ctx, flow, active);
    }
  }
}

/**
 * `NewLoginFlow`. Throws herodot errors for an unparsable AAL, an existing session without
 * `refresh=true`, or an AAL2 request without a session.
 */
export function createLoginFlow(
  ctx: RequestContext,
  type: FlowType,
  options: { replacing?: boolean } = {},
): LoginFlow {
  const { config, store } = ctx.deps;
  const now = ctx.deps.now();
  const id = newId();
  // A replacement for an expired flow is built for the submit request (whose query only holds
  // `flow`) and must not fail because the submitter happens to be logged in.
  const replacing = options.replacing === true;
  const requestedAal = replacing ? 'aal1' : parseRequestedAal(ctx.query.get('aal'));
  let refresh = replacing ? false : (parseGoBool(ctx.query.get('refresh') ?? '') ?? false);
  const returnTo = replacing ? undefined : validatedReturnTo(ctx);
  const active = replacing ? undefined : fetchSession(ctx);
  let exchangeCode: string | undefined;

  if (!active) {
    if (type === 'api' && parseGoBool(ctx.query.get('return_session_token_exchange_code') ?? '') === true) {
      exchangeCode = createTokenExchange(ctx, id);
    }
    if (aalRank(requestedAal) > aalRank('aal1')) throw sessionRequiredForHigherAal();
    refresh = false;
  } else if (!refresh) {
    if (requestedAal === 'aal1' || aalRank(requestedAal) <= aalRank(active.session.aal))
      throw loginAlreadyLoggedIn();
  }

  const organization = replacing ? '' : (ctx.query.get('organization') ?? '');
  // API flows carry an empty token; browser flows a masked form of the CSRF cookie's token.
  const csrfToken = type === 'browser' ? csrfTokenFor(ctx) : '';
  const flow: LoginFlow = {
    kind: 'login',
    id,
    type,
    expiresAt: new Date(now.getTime() + config.flowLifespans.login),
    issuedAt: now,
    requestUrl: requestUrl(ctx),
    returnTo,
    ui: {
      action: `${config.publicBaseUrl}self-service/login?flow=${id}`,
      method: 'POST',
      nodes: [],
      messages: [],
    },
    state: 'choose_method',
    organizationId: isUuid(organization) ? organization.toLowerCase() : null,
    csrfToken,
    sessionTokenExchangeCode: exchangeCode,
    identitySchema: replacing ? undefined : (ctx.query.get('identity_schema') ?? undefined),
    createdAt: now,
    updatedAt: now,
    refresh,
    requestedAal,
    codes: [],
    submitCount: 0,
    internal: {},
  };

  hydrate(ctx, flow, active);
  if (refresh) flow.ui.messages = [messages.infoLoginReAuth()];
  if (
    active &&
    aalRank(requestedAal) > aalRank(active.session.aal) &&
    aalRank(requestedAal) > aalRank('aal1')
  ) {
    flow.ui.messages.push(messages.infoLoginMfa());
  }
  sortLoginFlow(flow);
  if (type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
  store.saveFlow(flow);
  // The code second factor may send its code at once (and answer the request itself).
  if (active && !replacing) codeFastLogin2fa(ctx, flow, active);
  return flow;
}

export const loginFlowAdapter: FlowKindAdapter<'login'> = {
  kind: 'login',
  // A replacement is created for the submitting request (no refresh, AAL1).
  create: (ctx, type, options) => createLoginFlow(ctx, type, options),
  toJson: (flow) => loginFlowJson(flow),
  uiUrl: (ctx) => loginUiUrl(ctx),
  authenticatedRedirectStatus: 303,
  expiredBrowserFetchHasId: true,
  expiredMessage: messages.loginFlowExpired,
  sortNodes: (_ctx, flow) => {
    sortLoginFlow(flow);
  },
  browserRedirectStatus: 303,
};
