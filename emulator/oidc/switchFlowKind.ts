/**
 * A social sign-in that changes its flow's kind (`ProcessLogin` for an unknown account,
 * `registrationToLogin` for a known one or a duplicate): the new flow keeps what the first one was
 * asked for — `return_to`, request URL, organization, identity schema — and the native app's
 * session token exchange.
 */
import type { LoginFlow, RegistrationFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import { moveTokenExchange } from '../session/tokenExchange';

export function switchFlowKind<F extends LoginFlow | RegistrationFlow>(
  ctx: RequestContext,
  from: LoginFlow | RegistrationFlow,
  to: F,
): F {
  to.returnTo = from.returnTo;
  to.requestUrl = from.requestUrl;
  to.active = 'oidc';
  to.organizationId = from.organizationId;
  to.identitySchema = from.identitySchema;
  moveTokenExchange(ctx, from.id, to.id);
  return to;
}
