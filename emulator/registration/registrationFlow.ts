/**
 * Registration flows (`selfservice/flow/registration`): creation (refused with a session), the
 * forms of the enabled strategies for the configured style, and the endpoint adapter.
 */
import { createTokenExchange } from '../session/tokenExchange';
import type { FlowType, RegistrationFlow } from '../flow/flow';
import { newFlowBase } from '../flow/flowBase';
import { registrationAlreadyLoggedIn } from '../flow/flowErrors';
import type { FlowKindAdapter } from '../flow/writeFlowError';
import { parseGoBool } from '../http/body';
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { fetchSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import { enabledRegistrationStrategies } from './registrationStrategies';
import {
  registrationFlowJson,
  registrationUiUrl,
  schemaForFlow,
  sortRegistrationFlow,
  traitNode,
} from './registrationSchema';

export { schemaForFlow, sortRegistrationFlow, traitNode };

/** `NewRegistrationFlow`: the flow with the forms of every enabled strategy, sorted. */
export function createRegistrationFlow(
  ctx: RequestContext,
  type: FlowType,
  options: { replacing?: boolean } = {},
): RegistrationFlow {
  const { config, schemas, store } = ctx.deps;
  const replacing = options.replacing === true;
  if (!replacing && fetchSession(ctx)) throw registrationAlreadyLoggedIn();
  const requestedSchema = replacing ? null : ctx.query.get('identity_schema');
  if (requestedSchema !== null && requestedSchema !== '' && !schemas.get(requestedSchema)) {
    throw badRequest(`Identity schema \`${requestedSchema}\` could not be found.`);
  }
  const base = newFlowBase(ctx, 'registration', type, { replacing, state: 'choose_method' });
  const exchange =
    !replacing &&
    type === 'api' &&
    parseGoBool(ctx.query.get('return_session_token_exchange_code') ?? '') === true;
  const flow: RegistrationFlow = {
    kind: 'registration',
    ...base,
    sessionTokenExchangeCode: exchange ? createTokenExchange(ctx, base.id) : undefined,
    identitySchema: requestedSchema !== null && requestedSchema !== '' ? requestedSchema : undefined,
    codes: [],
    submitCount: 0,
    internal: {},
  };
  flow.ui.action = `${config.publicBaseUrl}self-service/registration?flow=${flow.id}`;
  // Every enabled strategy fills the form: everything at once, or the traits screen of `profile_first`.
  for (const strategy of enabledRegistrationStrategies(config)) {
    if (config.registrationStyle === 'profile_first') strategy.populateProfile(ctx, flow, undefined);
    else strategy.populate(ctx, flow);
  }
  sortRegistrationFlow(ctx, flow);
  store.saveFlow(flow);
  return flow;
}

export const registrationFlowAdapter: FlowKindAdapter<'registration'> = {
  kind: 'registration',
  create: (ctx, type, options) => createRegistrationFlow(ctx, type, options),
  toJson: (flow) => registrationFlowJson(flow),
  uiUrl: (ctx) => registrationUiUrl(ctx),
  authenticatedRedirectStatus: 303,
  expiredBrowserFetchHasId: true,
  expiredMessage: messages.registrationFlowExpired,
  sortNodes: sortRegistrationFlow,
  browserRedirectStatus: 302,
};
