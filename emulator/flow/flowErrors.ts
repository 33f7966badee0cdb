/**
 * Errors a self-service strategy raises that the flow error handler turns into UI messages
 * (validation) or into a replacement flow (expiry), plus the well-known herodot errors.
 */
import { HerodotError, badRequest } from '../http/herodotError';
import { uiMessages, type OryValidationError } from '../identity/oryJsonSchema';
import type { UiText } from '../text/messages';
import { durationNanos, goTime } from '../time';

export interface FieldMessage {
  /** Node name (`traits.email`, `password`); '' puts the message on the flow. */
  readonly field: string;
  readonly message: UiText;
}

/** `schema.ValidationError` / `ValidationListError`: messages for nodes or the flow. */
export class FlowValidationError extends Error {
  constructor(readonly items: readonly FieldMessage[]) {
    super(items.map((item) => item.message.text).join('; '));
    this.name = 'FlowValidationError';
  }

  static of(field: string, message: UiText): FlowValidationError {
    return new FlowValidationError([{ field, message }]);
  }

  /** `Container.ParseError` of a JSON schema validation error. */
  static fromSchema(error: OryValidationError): FlowValidationError {
    return new FlowValidationError(uiMessages(error));
  }
}

/** `flow.NewFlowExpiredError`. */
export class FlowExpiredError extends Error {
  constructor(readonly expiredAt: Date) {
    super('self-service flow expired');
    this.name = 'FlowExpiredError';
  }

  /** The 410 envelope with `expired_at`, `since` (ns) and the replacement flow's id. */
  toHerodot(now: Date, replacementId: string): HerodotError {
    const agoMs = now.getTime() - this.expiredAt.getTime();
    return new HerodotError({
      code: 410,
      id: 'self_service_flow_expired',
      reason: `The self-service flow expired ${(agoMs / 60_000).toFixed(2)} minutes ago, initialize a new one.`,
      message: 'self-service flow expired',
      extra: { expired_at: goTime(this.expiredAt), since: durationNanos(agoMs), use_flow_id: replacementId },
    });
  }
}

export const FLOW_ID_MALFORMED = 'The flow query parameter is missing or malformed.';

export const loginAlreadyLoggedIn = (): HerodotError =>
  badRequest(
    'A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?',
  ).with({
    id: 'session_already_available',
    message: 'you are already logged in',
  });

export const registrationAlreadyLoggedIn = (): HerodotError =>
  badRequest('A valid session was detected and thus registration is not possible.').with({
    id: 'session_already_available',
    message: 'you are already logged in',
  });

export const sessionRequiredForHigherAal = (): HerodotError =>
  new HerodotError({
    code: 401,
    id: 'session_aal1_required',
    reason: 'You can not requested a higher AAL (AAL2/AAL3) without an active session.',
    message: 'aal2 and aal3 can only be requested if a session exists already',
  });

export const identityDisabled = (identityId: string): HerodotError =>
  new HerodotError({
    code: 401,
    reason: 'This account was disabled.',
    message: 'identity is disabled',
    details: { identity_id: identityId },
  });

/** `flow.NewBrowserLocationChangeRequiredError`: 422, the browser must go to `redirectTo`. */
export const browserLocationChangeRequired = (redirectTo: string): HerodotError =>
  new HerodotError({
    code: 422,
    id: 'browser_location_change_required',
    reason: `In order to complete this flow please redirect the browser to: ${redirectTo}`,
    message: 'browser location change required',
    extra: { redirect_browser_to: redirectTo },
  });
