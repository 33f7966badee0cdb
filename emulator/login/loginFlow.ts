/**
 * Login flows (`selfservice/flow/login`): creation with the AAL/refresh/session rules of
 * `Handler.NewLoginFlow`, the password strategy's form hydration, node sorting and the JSON shape.
 */
import { csrfTokenFor } from '../csrf/csrf';
import { isUuid, newExchangeCode, newId } from '../crypto/tokens';
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
import { goTime } from '../time';
import { inputNode, passwordNode, setCsrf, submitNode, upsertNode, type UiContainer } from '../ui/nodes';
import { containerJson } from '../ui/serialize';
import { sortLoginNodes } from '../ui/sort';

function parseRequestedAal(raw: string | null): Aal {
  const value = (raw ?? '').toLowerCase();
  if (value === '' || value === 'aal1') return 'aal1';
  if (value === 'aal2') return 'aal2';
  throw badRequest(
    `Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of [aal1, aal2] but got ${value}`,
  );
}

/** The password strategy's `PopulateLoginMethodFirstFactor` / `...Refresh`. */
function populatePasswordNodes(
  ctx: RequestContext,
  ui: UiContainer,
  refreshOf: ActiveSession | undefined,
  csrfToken: string,
): void {
  if (refreshOf) {
    const credential = refreshOf.identity.credentials.password;
    const identifier = credential?.identifiers[0];
    if (credential === undefined || identifier === undefined) return;
    setCsrf(ui, csrfToken);
    upsertNode(ui, inputNode('identifier', 'default', 'hidden', { value: identifier }));
    upsertNode(ui, passwordNode('current-password'));
    ui.nodes.push(submitNode('password', 'password', messages.infoLogin()));
    return;
  }
  const schema = ctx.deps.schemas.default;
  upsertNode(
    ui,
    inputNode('identifier', 'default', 'text', { value: '', required: true, label: schema.identifierLabel }),
  );
  setCsrf(ui, csrfToken);
  upsertNode(ui, passwordNode('current-password'));
  ui.nodes.push(submitNode('password', 'password', messages.infoLoginPassword()));
}

export function sortLoginFlow(flow: LoginFlow): void {
  flow.ui.nodes = sortLoginNodes(flow.ui.nodes);
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
      exchangeCode = newExchangeCode();
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
  };

  // Only the password strategy exists in this emulator; it can satisfy AAL1 only.
  if (requestedAal === 'aal1') populatePasswordNodes(ctx, flow.ui, refresh ? active : undefined, csrfToken);
  if (refresh) flow.ui.messages.push(messages.infoLoginReAuth());
  if (
    active &&
    aalRank(requestedAal) > aalRank(active.session.aal) &&
    aalRank(requestedAal) > aalRank('aal1')
  ) {
    flow.ui.messages.push(messages.infoLoginMfa());
  }
  sortLoginFlow(flow);
  store.saveFlow(flow);
  return flow;
}

/** Field order of `login.Flow`. */
export function loginFlowJson(flow: LoginFlow): Record<string, unknown> {
  return {
    id: flow.id,
    organization_id: flow.organizationId,
    type: flow.type,
    expires_at: goTime(flow.expiresAt),
    issued_at: goTime(flow.issuedAt),
    request_url: flow.requestUrl,
    return_to: flow.returnTo,
    active: flow.active,
    ui: containerJson(flow.ui),
    created_at: goTime(flow.createdAt),
    updated_at: goTime(flow.updatedAt),
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    session_token_exchange_code: flow.sessionTokenExchangeCode,
    state: flow.state,
    identity_schema: flow.identitySchema,
  };
}

export const loginFlowAdapter: FlowKindAdapter<'login'> = {
  kind: 'login',
  // A replacement is created for the submitting request (no refresh, AAL1).
  create: (ctx, type, options) => createLoginFlow(ctx, type, options),
  toJson: loginFlowJson,
  uiUrl: (ctx) => `${ctx.deps.config.uiBaseUrl}/login`,
  authenticatedRedirectStatus: 303,
  expiredBrowserFetchHasId: true,
  expiredMessage: messages.loginFlowExpired,
  sortNodes: (_ctx, flow) => {
    sortLoginFlow(flow);
  },
  browserRedirectStatus: 303,
};
