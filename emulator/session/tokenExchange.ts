/**
 * Session token exchange for native apps that finish a social sign-in in a browser
 * (`selfservice/sessiontokenexchange`, `GET /sessions/token-exchange`): a flow created with
 * `return_session_token_exchange_code=true` gets an init code; when the browser completes the
 * sign-in it is sent to `return_to?code=<return_to_code>`, and the app trades both codes for the
 * session token.
 */
import { newExchangeCode } from '../crypto/tokens';
import { HerodotError } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import type { TokenExchange } from '../store/store';
import { sessionJson } from './session';

/** `CreateSessionTokenExchanger`: the init code of a new flow. */
export function createTokenExchange(ctx: RequestContext, flowId: string): string {
  const exchange: TokenExchange = {
    initCode: newExchangeCode(),
    returnToCode: newExchangeCode(),
    flowId,
  };
  ctx.deps.store.tokenExchanges.set(exchange.initCode, exchange);
  return exchange.initCode;
}

/** `CodeForFlow`. */
export function tokenExchangeForFlow(ctx: RequestContext, flowId: string): TokenExchange | undefined {
  for (const exchange of ctx.deps.store.tokenExchanges.values())
    if (exchange.flowId === flowId) return exchange;
  return undefined;
}

/** `MoveToNewFlow`: a login that turned into a registration (or back) keeps the exchange. */
export function moveTokenExchange(ctx: RequestContext, fromFlowId: string, toFlowId: string): void {
  const exchange = tokenExchangeForFlow(ctx, fromFlowId);
  if (exchange) exchange.flowId = toFlowId;
}

function exchangeCode(ctx: RequestContext): void {
  const initCode = ctx.query.get('init_code') ?? '';
  const returnToCode = ctx.query.get('return_to_code') ?? '';
  if (initCode === '' || returnToCode === '') {
    sendError(
      ctx,
      new HerodotError({ code: 400, reason: '"init_code" and "return_to_code" query params must be set' }),
    );
    return;
  }
  const exchange = ctx.deps.store.tokenExchanges.get(initCode);
  const session =
    exchange?.returnToCode === returnToCode && exchange.sessionId !== undefined
      ? ctx.deps.store.allSessions().find((s) => s.id === exchange.sessionId)
      : undefined;
  if (!session) {
    sendError(ctx, new HerodotError({ code: 404, reason: 'no session yet for this "code"' }));
    return;
  }
  const identity = ctx.deps.store.getIdentity(session.identityId);
  // Kratos loads the session without expanding its devices.
  sendJson(ctx, 200, {
    session_token: session.token,
    session: {
      ...sessionJson(session, identity, {
        publicBaseUrl: ctx.deps.config.publicBaseUrl,
        now: ctx.deps.now(),
      }),
      devices: [],
    },
  });
}

export function registerTokenExchangeRoute(router: Router): void {
  router.get('/sessions/token-exchange', exchangeCode);
}
