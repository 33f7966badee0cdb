/**
 * Registration flows (`selfservice/flow/registration`) in the `unified` style of the §11 config:
 * the trait fields from the identity schema, the password field and one "Sign up" button.
 */
import { csrfTokenFor } from '../csrf/csrf';
import { newExchangeCode, newId } from '../crypto/tokens';
import type { FlowType, RegistrationFlow } from '../flow/flow';
import { flowHeadJson } from '../flow/flowBase';
import { registrationAlreadyLoggedIn } from '../flow/flowErrors';
import { requestUrl, validatedReturnTo } from '../flow/flowRequest';
import type { FlowKindAdapter } from '../flow/writeFlowError';
import { parseGoBool } from '../http/body';
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import type { IdentitySchema } from '../identity/schemaRegistry';
import type { SchemaPath } from '../identity/schemaPaths';
import { fetchSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import {
  inputNode,
  passwordNode,
  setCsrf,
  submitNode,
  upsertNode,
  type Autocomplete,
  type InputNode,
  type InputType,
} from '../ui/nodes';
import { sortRegistrationNodes } from '../ui/sort';

/** `node.NewInputFieldFromSchema`. */
export function traitNode(path: SchemaPath): InputNode {
  let type: InputType =
    path.type === 'number' || path.type === 'integer'
      ? 'number'
      : path.type === 'boolean'
        ? 'checkbox'
        : 'text';
  let autocomplete: Autocomplete | undefined;
  switch (path.format) {
    case 'date-time':
      type = 'datetime-local';
      break;
    case 'email':
      type = 'email';
      autocomplete = 'email';
      break;
    case 'tel':
      type = 'tel';
      autocomplete = 'tel';
      break;
    case 'date':
      type = 'date';
      break;
    case 'uri':
      type = 'url';
      autocomplete = 'url';
      break;
    case 'regex':
      type = 'text';
      break;
  }
  return inputNode(path.name, 'default', type, {
    required: path.required,
    autocomplete,
    pattern: path.pattern,
    label:
      path.title !== undefined && path.title !== ''
        ? messages.labelGenerated(path.title, path.name)
        : undefined,
  });
}

export function schemaForFlow(ctx: RequestContext, flow: RegistrationFlow): IdentitySchema {
  const schemas = ctx.deps.schemas;
  return (
    (flow.identitySchema !== undefined ? schemas.get(flow.identitySchema) : undefined) ?? schemas.default
  );
}

export function sortRegistrationFlow(ctx: RequestContext, flow: RegistrationFlow): void {
  const traitOrder = schemaForFlow(ctx, flow)
    .traitPaths.filter((p) => p.leaf)
    .map((p) => p.name);
  flow.ui.nodes = sortRegistrationNodes(flow.ui.nodes, traitOrder);
}

/** `NewRegistrationFlow` plus the password strategy's `PopulateRegistrationMethod`. */
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
  const returnTo = replacing ? undefined : validatedReturnTo(ctx);
  const now = ctx.deps.now();
  const id = newId();
  const exchange =
    !replacing &&
    type === 'api' &&
    parseGoBool(ctx.query.get('return_session_token_exchange_code') ?? '') === true;
  const flow: RegistrationFlow = {
    kind: 'registration',
    id,
    type,
    expiresAt: new Date(now.getTime() + config.flowLifespans.registration),
    issuedAt: now,
    requestUrl: requestUrl(ctx),
    returnTo,
    ui: {
      action: `${config.publicBaseUrl}self-service/registration?flow=${id}`,
      method: 'POST',
      nodes: [],
      messages: [],
    },
    state: 'choose_method',
    organizationId: null,
    // API flows carry an empty token; browser flows a masked form of the CSRF cookie's token.
    csrfToken: type === 'browser' ? csrfTokenFor(ctx) : '',
    sessionTokenExchangeCode: exchange ? newExchangeCode() : undefined,
    identitySchema: requestedSchema !== null && requestedSchema !== '' ? requestedSchema : undefined,
    createdAt: now,
    updatedAt: now,
  };
  const schema = schemaForFlow(ctx, flow);
  setCsrf(flow.ui, flow.csrfToken);
  for (const path of schema.traitPaths) if (path.leaf) upsertNode(flow.ui, traitNode(path));
  upsertNode(flow.ui, passwordNode('new-password'));
  flow.ui.nodes.push(submitNode('password', 'password', messages.infoRegistration()));
  sortRegistrationFlow(ctx, flow);
  store.saveFlow(flow);
  return flow;
}

/** Field order of `registration.Flow` (no `created_at`/`updated_at`/`refresh`). */
export function registrationFlowJson(flow: RegistrationFlow): Record<string, unknown> {
  return {
    ...flowHeadJson(flow),
    organization_id: flow.organizationId,
    session_token_exchange_code: flow.sessionTokenExchangeCode,
    state: flow.state,
    identity_schema: flow.identitySchema,
  };
}

export const registrationFlowAdapter: FlowKindAdapter<'registration'> = {
  kind: 'registration',
  create: (ctx, type, options) => createRegistrationFlow(ctx, type, options),
  toJson: registrationFlowJson,
  uiUrl: (ctx) => `${ctx.deps.config.uiBaseUrl}/registration`,
  authenticatedRedirectStatus: 303,
  expiredBrowserFetchHasId: true,
  expiredMessage: messages.registrationFlowExpired,
  sortNodes: sortRegistrationFlow,
  browserRedirectStatus: 302,
};
