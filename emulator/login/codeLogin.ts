/**
 * The `code` login strategy (`selfservice/strategy/code/strategy_login.go`): passwordless sign-in
 * (`code.passwordless_enabled`, aal1) and the code second factor (`code.mfa_enabled`, aal2). The
 * first submit sends a six-digit code to the identity's code address and answers 400 with the flow
 * in state `sent_email`; the second submits the code; `resend=code` sends a new one.
 */
import { codeResendNode, codeSentNodes } from '../code/codeNodes';
import { queueLoginCode } from '../courier/emailTemplates';
import { csrfTokenFor, formCsrfToken } from '../csrf/csrf';
import type { LoginFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { newOneTimeCode, useCode } from '../flow/oneTimeCode';
import { CompletedByStrategy, StrategyNotResponsible } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { markVerified, type Identity } from '../identity/identity';
import { staticPayloadFields } from '../identity/schemaRegistry';
import { isJsonObject, stringField, type JsonObject } from '../json';
import type { ActiveSession } from '../session/sessionLookup';
import { messages } from '../text/messages';
import {
  inputNode,
  nodeId,
  resetMessages,
  setCsrf,
  setNodeValue,
  submitNode,
  upsertById,
  type UiNode,
} from '../ui/nodes';
import { showLoginForm } from './loginFlowJson';
import { checkAal, NoCredentialsFound, type LoginStrategy } from './loginStrategy';
import { identifierNode } from './passwordLogin';

interface Address {
  readonly to: string;
  readonly via: string;
}

/** Phones keep their case; emails are lower-cased (mobile keyboards capitalise the first letter). */
function maybeNormalizeEmail(value: string): string {
  return value.includes('@') ? value.toLowerCase() : value;
}

/** The addresses a second-factor code can go to: the code credential's addresses, sorted. */
export function codeAddresses(identity: Identity): Address[] {
  return (identity.credentials.code?.config.addresses ?? [])
    .filter((a) => a.address !== '')
    .map((a) => ({ to: a.address, via: a.channel }));
}

/** `PopulateMethod` for login flows in state `choose_method`. */
function populateChooseMethod(ctx: RequestContext, flow: LoginFlow, active: ActiveSession | undefined): void {
  resetMessages(flow.ui);
  if (flow.requestedAal === 'aal2') {
    if (!active) return;
    for (const address of codeAddresses(active.identity)) {
      flow.ui.nodes.push(
        inputNode('address', 'code', 'submit', {
          value: address.to,
          label: messages.infoLoginAal2CodeAddress(address.via, address.to),
        }),
      );
    }
  } else {
    upsertById(flow.ui, identifierNode(ctx));
    flow.ui.nodes.push(submitNode('code', 'code', messages.infoLoginCode()));
  }
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
}

/** `findIdentityForIdentifier`: the identity whose code credential lists the identifier. */
function findIdentity(
  ctx: RequestContext,
  identifier: string,
  flow: LoginFlow,
  active?: ActiveSession,
): {
  identity: Identity;
  addresses: Address[];
} {
  if (identifier === '') throw FlowValidationError.of('identifier', messages.required('identifier'));
  const normalized = identifier.trim().toLowerCase();
  const identity = ctx.deps.store.findByCredentialsIdentifier('code', normalized);
  if (identity === undefined) {
    // Second factor for identities without a code credential needs the (disabled) fallback.
    if (flow.requestedAal === 'aal2' && active === undefined) throw new StrategyNotResponsible();
    throw FlowValidationError.of('', messages.noCodeUser());
  }
  return { identity, addresses: codeAddresses(identity) };
}

/** `loginSendCode`: new codes replace the old ones; the answer is the flow in state `sent_email`. */
export function sendLoginCode(
  ctx: RequestContext,
  flow: LoginFlow,
  identity: Identity,
  identifier: string,
  addresses: readonly Address[],
  success: boolean,
): never {
  const matching = addresses.filter((a) => a.to === identifier.trim().toLowerCase());
  const targets = matching.length > 0 ? matching.slice(0, 1) : addresses;
  const now = ctx.deps.now();
  flow.codes = targets.map((address) => {
    const code = newOneTimeCode(ctx, identity.id, address.to, now);
    queueLoginCode(ctx, address.to, code.code);
    return code;
  });
  flow.state = 'sent_email';
  resetMessages(flow.ui);
  // The identifier (or the second factor's address) stays in the form, hidden.
  const kept: UiNode[] = [];
  for (const node of flow.ui.nodes) {
    const id = nodeId(node);
    if ((id === 'identifier' || id === 'address') && node.type === 'input') {
      node.attributes.type = 'hidden';
      node.attributes.name = 'identifier';
      kept.push(node);
    }
  }
  flow.ui.nodes = codeSentNodes(flow.ui, kept, messages.labelLoginCode(), [codeResendNode()]);
  flow.ui.method = 'POST';
  flow.ui.action = `${ctx.deps.config.publicBaseUrl}self-service/login?flow=${flow.id}`;
  flow.ui.messages = [messages.loginCodeSent()];
  if (flow.type === 'browser') setCsrf(flow.ui, csrfTokenFor(ctx));
  setNodeValue(flow.ui, 'identifier', identifier);
  flow.active = 'code';
  return showLoginForm(ctx, flow, success ? 200 : 400);
}

/** `HandleLoginError`: the identifier is echoed, and hidden once a code was sent. */
function handleLoginError(
  ctx: RequestContext,
  flow: LoginFlow,
  payload: JsonObject,
  hideIdentifier: boolean,
): void {
  const identifier = stringField(payload, 'address') || stringField(payload, 'identifier');
  setCsrf(flow.ui, formCsrfToken(ctx, flow));
  if (hideIdentifier)
    upsertById(flow.ui, inputNode('identifier', 'default', 'hidden', { value: identifier }));
  setNodeValue(flow.ui, 'identifier', identifier);
}

/** `loginVerifyCode`. */
function verifyCode(
  ctx: RequestContext,
  flow: LoginFlow,
  payload: JsonObject,
  active?: ActiveSession,
): Identity {
  const submitted = stringField(payload, 'code');
  if (submitted === '') throw FlowValidationError.of('code', messages.required('code'));
  const identifier = maybeNormalizeEmail(
    stringField(payload, 'address') || stringField(payload, 'identifier'),
  );
  const identity =
    flow.requestedAal === 'aal2' && active
      ? active.identity
      : findIdentity(ctx, identifier, flow, active).identity;
  const now = ctx.deps.now();
  const result = useCode(flow, submitted, now, (code) => code.identityId === identity.id);
  if (!result.ok) {
    if (result.notFound) throw FlowValidationError.of('', messages.loginCodeInvalid());
    throw result.error;
  }
  flow.active = 'code';
  flow.state = 'passed_challenge';
  const stored = ctx.deps.store.getIdentity(identity.id) ?? identity;
  // The code proved the address: it becomes verified.
  for (const address of stored.verifiableAddresses) {
    if (address.verified || address.value !== result.code.address) continue;
    markVerified(address, now);
    address.updatedAt = now;
  }
  return stored;
}

/**
 * `FastLogin2FA`: an aal2 flow of an identity whose only second factor is a single code address
 * sends the code right away; creating the flow then answers like a code submit (200 with the flow
 * in state `sent_email`, or a 303 to the login UI for non-JSON requests).
 */
export function codeFastLogin2fa(ctx: RequestContext, flow: LoginFlow, active: ActiveSession): void {
  const { config } = ctx.deps;
  if (flow.requestedAal !== 'aal2' || !config.codeMfa || flow.state !== 'choose_method') return;
  const addresses = codeAddresses(active.identity);
  const [only] = addresses;
  if (addresses.length !== 1 || only === undefined) return;
  const credentials = active.identity.credentials;
  if ((credentials.totp?.config.totpUrl ?? '') !== '') return;
  if ((credentials.lookup_secret?.config.recoveryCodes ?? []).length > 0) return;
  sendLoginCode(ctx, flow, active.identity, only.to, addresses, true);
}

export const codeLoginStrategy: LoginStrategy = {
  id: 'code',
  group: 'code',
  // The code method is on (recovery and verification use it); login hydration is gated below.
  enabled: () => true,
  aal1: {
    firstFactor(ctx, flow) {
      if (ctx.deps.config.codePasswordless) populateChooseMethod(ctx, flow, undefined);
    },
    firstFactorRefresh(ctx, flow) {
      if (ctx.deps.config.codePasswordless) populateChooseMethod(ctx, flow, undefined);
    },
    identifierFirstIdentification() {
      // Nothing on the identifier screen.
    },
    identifierFirstCredentials(ctx, flow, hint) {
      if (!ctx.deps.config.codePasswordless || hint === undefined) throw new NoCredentialsFound();
      flow.ui.nodes.push(submitNode('code', 'code', messages.infoLoginCode()));
    },
  },
  fastLogin1fa(ctx, flow, hint, identifier) {
    const { config } = ctx.deps;
    if (flow.requestedAal !== 'aal1' || !config.codePasswordless || flow.state !== 'choose_method') return;
    if (hint === undefined) return;
    const found = findIdentity(ctx, identifier, flow);
    // Only when no other method could sign this identity in (a password, a social account).
    const password = found.identity.credentials.password;
    if (password?.config.hashedPassword !== undefined && (password.identifiers[0] ?? '') !== '') return;
    if ((found.identity.credentials.oidc?.config.providers ?? []).length > 0) return;
    sendLoginCode(ctx, flow, found.identity, identifier, found.addresses, false);
  },
  aal2: {
    secondFactor(ctx, flow, active) {
      if (ctx.deps.config.codeMfa) populateChooseMethod(ctx, flow, active);
    },
    secondFactorRefresh(ctx, flow, active) {
      if (ctx.deps.config.codeMfa) populateChooseMethod(ctx, flow, active);
    },
  },
  async login(ctx, flow, active) {
    const { config } = ctx.deps;
    if (config.codePasswordless) checkAal(flow, 'aal1');
    else if (config.codeMfa) checkAal(flow, 'aal2');
    else throw new StrategyNotResponsible();

    let payload: JsonObject = await decodeBody(ctx, {
      allowedMethods: ['POST', 'PUT', 'PATCH', 'GET'],
      fields: staticPayloadFields('codeLogin'),
    });
    // An MFA form's address buttons submit only `address`.
    if (
      stringField(payload, 'method') !== 'code' &&
      !(config.codeMfa && stringField(payload, 'address') !== '')
    ) {
      throw new StrategyNotResponsible();
    }
    try {
      payload = await decodeBody(ctx, { allowedMethods: ['POST'], fields: staticPayloadFields('codeLogin') });
      const invalid = ctx.deps.schemas.validateStaticPayload('codeLogin', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : {};
      ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
    } catch (error) {
      handleLoginError(ctx, flow, payload, false);
      throw error;
    }
    if (stringField(payload, 'resend').toLowerCase() === 'code') flow.state = 'choose_method';

    switch (flow.state) {
      case 'choose_method': {
        try {
          const identifier = maybeNormalizeEmail(
            stringField(payload, 'identifier') || stringField(payload, 'address'),
          );
          const found =
            flow.requestedAal === 'aal2' && active
              ? { identity: active.identity, addresses: codeAddresses(active.identity) }
              : findIdentity(ctx, identifier, flow, active);
          if (flow.requestedAal === 'aal2' && identifier === '') {
            throw FlowValidationError.of('identifier', messages.required('identifier'));
          }
          return sendLoginCode(ctx, flow, found.identity, identifier, found.addresses, false);
        } catch (error) {
          if (!(error instanceof CompletedByStrategy)) handleLoginError(ctx, flow, payload, false);
          throw error;
        }
      }
      case 'sent_email':
        try {
          return verifyCode(ctx, flow, payload, active);
        } catch (error) {
          handleLoginError(ctx, flow, payload, true);
          throw error;
        }
      default:
        handleLoginError(ctx, flow, payload, false);
        throw FlowValidationError.of('', messages.loginNoStrategy());
    }
  },
  completedMethod: (ctx, now) => ({
    method: 'code',
    aal: ctx.deps.config.codeMfa ? 'aal2' : 'aal1',
    completedAt: now,
  }),
};
