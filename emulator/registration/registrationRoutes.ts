/**
 * Registration endpoints (`selfservice/flow/registration/handler.go`) for native (API) flows:
 * `GET /self-service/registration/api`, `GET .../flows`, `POST|GET /self-service/registration`.
 * Success runs the post-registration hooks: the identity is inserted (a clash becomes message
 * 4000007) and, with the `session` hook, the response carries a session token.
 */
import type { RegistrationFlow } from '../flow/flow';
import { isExpired } from '../flow/flow';
import { FlowExpiredError, FlowValidationError, registrationAlreadyLoggedIn } from '../flow/flowErrors';
import { getFlowId } from '../flow/flowRequest';
import { submittedMethod } from '../flow/method';
import { writeFlowError } from '../flow/writeFlowError';
import { HerodotError, resourceNotFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { deriveAddresses, type Identity } from '../identity/identity';
import { identityJson } from '../identity/identityJson';
import { newSession, sessionJson } from '../session/session';
import { fetchSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import {
  createRegistrationFlow,
  registrationFlowAdapter,
  registrationFlowJson,
  schemaForFlow,
} from './registrationFlow';
import { registerWithPassword } from './passwordRegistration';

function createNativeRegistrationFlow(ctx: RequestContext): void {
  try {
    sendJson(ctx, 200, registrationFlowJson(createRegistrationFlow(ctx, 'api')));
  } catch (error) {
    if (error instanceof HerodotError) sendError(ctx, error);
    else throw error;
  }
}

function getRegistrationFlow(ctx: RequestContext): void {
  const flow = ctx.deps.store.getRegistrationFlow(ctx.query.get('id') ?? '');
  if (!flow) {
    sendError(ctx, resourceNotFound());
    return;
  }
  if (isExpired(flow, ctx.deps.now())) {
    const { config } = ctx.deps;
    const gone = new HerodotError({ code: 410, id: 'self_service_flow_expired' });
    sendError(
      ctx,
      flow.type === 'browser'
        ? gone.with({
            reason:
              'The registration flow has expired. Redirect the user to the registration flow init endpoint to initialize a new registration flow.',
            details: {
              redirect_to: `${config.publicBaseUrl}self-service/registration/browser`,
              return_to: flow.returnTo ?? '',
            },
          })
        : gone.with({
            reason:
              'The registration flow has expired. Call the registration flow init API endpoint to initialize a new registration flow.',
            details: { api: `${config.publicBaseUrl}self-service/registration/api` },
          }),
    );
    return;
  }
  sendJson(ctx, 200, registrationFlowJson(flow));
}

/** Post-registration hooks: persist the identity, create the session, answer (API flows). */
function completeRegistration(ctx: RequestContext, flow: RegistrationFlow, identity: Identity): void {
  const { store, config } = ctx.deps;
  const now = ctx.deps.now();
  deriveAddresses(identity, schemaForFlow(ctx, flow), now);
  if (!store.insertIdentity(identity).ok) {
    writeFlowError(
      ctx,
      flow,
      FlowValidationError.of('', messages.duplicateCredentials()),
      registrationFlowAdapter,
    );
    return;
  }
  flow.active = 'password';
  flow.updatedAt = now;
  store.saveFlow(flow);
  // Kratos always persists a session; only the `session` hook hands it out.
  const session = newSession(identity, 'password', ctx.req, now, config.sessionLifespanMs);
  store.insertSession(session);
  const identityBody = identityJson(identity, { publicBaseUrl: config.publicBaseUrl });
  if (!config.registrationSessionHook) {
    sendJson(ctx, 200, { identity: identityBody, continue_with: null });
    return;
  }
  sendJson(ctx, 200, {
    session_token: session.token,
    session: sessionJson(session, identity, { publicBaseUrl: config.publicBaseUrl, now }),
    identity: identityBody,
    continue_with: [{ action: 'set_ory_session_token', ory_session_token: session.token }],
  });
}

async function updateRegistrationFlow(ctx: RequestContext): Promise<void> {
  let flowId: string;
  try {
    flowId = getFlowId(ctx);
  } catch (error) {
    writeFlowError(ctx, undefined, error, registrationFlowAdapter);
    return;
  }
  const flow = ctx.deps.store.getRegistrationFlow(flowId);
  if (!flow) {
    writeFlowError(ctx, undefined, resourceNotFound(), registrationFlowAdapter);
    return;
  }
  if (fetchSession(ctx)) {
    if (flow.type === 'browser') redirect(ctx, 303, ctx.deps.config.defaultBrowserReturnUrl);
    else sendError(ctx, registrationAlreadyLoggedIn());
    return;
  }
  if (isExpired(flow, ctx.deps.now())) {
    writeFlowError(ctx, flow, new FlowExpiredError(flow.expiresAt), registrationFlowAdapter);
    return;
  }

  let identity: Identity;
  try {
    const method = await submittedMethod(ctx);
    if (method !== 'password') throw FlowValidationError.of('', messages.registrationNoStrategy());
    identity = await registerWithPassword(ctx, flow);
  } catch (error) {
    writeFlowError(ctx, flow, error, registrationFlowAdapter);
    return;
  }
  completeRegistration(ctx, flow, identity);
}

export function registerRegistrationRoutes(router: Router): void {
  router.get('/self-service/registration/api', createNativeRegistrationFlow);
  router.get('/self-service/registration/flows', getRegistrationFlow);
  router.post('/self-service/registration', updateRegistrationFlow);
  router.get('/self-service/registration', updateRegistrationFlow);
}
