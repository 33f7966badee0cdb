/**
 * Turns Ory's answers to flow submissions into outcomes. Ory signals normal steps of a flow with HTTP errors
 * (400 + the flow for validation messages, 410 for expiry, 422 for a browser redirect, 403 for step-up); these
 * become members of the GraphQL result unions. Anything else stays an error.
 */
import type {
  ContinueWith,
  FlowKind,
  FlowStepOutcome,
  LoginFlow,
  RecoveryFlow,
  RegistrationFlow,
  SettingsFlow,
  SuccessfulNativeLogin,
  SuccessfulNativeRegistration,
  VerificationFlow,
} from './models';
import type { CallMode } from './caller';
import type { OryError } from './oryError';
import { isRecord } from './oryError';
import { fromOryError } from '../errors';

/** Checks the fields every Ory flow must have before an answer (often an error body) is treated as a flow. */
function hasFlowFields(body: unknown): boolean {
  return (
    isRecord(body) &&
    ['id', 'type'].every((key) => typeof body[key] === 'string') &&
    'state' in body &&
    isRecord(body.ui) &&
    Array.isArray(body.ui.nodes)
  );
}

const hasTimes = (body: unknown): boolean =>
  isRecord(body) && ['expires_at', 'issued_at', 'request_url'].every((key) => typeof body[key] === 'string');

export const isLoginFlow = (body: unknown): body is LoginFlow => hasFlowFields(body) && hasTimes(body);
export const isRegistrationFlow = (body: unknown): body is RegistrationFlow =>
  hasFlowFields(body) && hasTimes(body);
export const isRecoveryFlow = (body: unknown): body is RecoveryFlow => hasFlowFields(body) && hasTimes(body);
export const isVerificationFlow = (body: unknown): body is VerificationFlow =>
  hasFlowFields(body) && hasTimes(body);
export const isSettingsFlow = (body: unknown): body is SettingsFlow =>
  hasFlowFields(body) && hasTimes(body) && isRecord(body) && isRecord(body.identity);

/** A successful login (native or browser): Ory's `successfulNativeLogin`. */
export const isLoginSuccess = (body: unknown): body is SuccessfulNativeLogin =>
  isRecord(body) && isRecord(body.session);

/** A successful registration: Ory's `successfulNativeRegistration`. */
export const isRegistrationSuccess = (body: unknown): body is SuccessfulNativeRegistration =>
  isRecord(body) && isRecord(body.identity);

/** For flows whose submissions never succeed other than with the flow itself. */
export const never = (_body: unknown): _body is never => false;

/**
 * The outcome of a failed submission that is not the flow itself, or a thrown GraphQL error when the failure is
 * a real error (CSRF violation, unknown flow, Ory down, ...).
 */
export function nonFlowOutcome(error: OryError, kind: FlowKind, mode: CallMode): FlowStepOutcome {
  if (error.status === 410) {
    return {
      __typename: 'FlowExpired',
      kind,
      useFlowId: error.bodyString('use_flow_id'),
      expiredAt: error.bodyString('expired_at'),
      reason: error.reason,
    };
  }
  // A recovery retried too often or with a used code: Ory made a new flow and says so in `continue_with`.
  const replacement = replacementFlowId(error);
  if (error.status === 400 && replacement !== null) {
    return { __typename: 'FlowExpired', kind, useFlowId: replacement, expiredAt: null, reason: error.reason };
  }
  const redirect = error.bodyString('redirect_browser_to') ?? error.detailString('redirect_browser_to');
  if (error.status === 422 && redirect !== null) {
    return { __typename: 'FlowRedirect', redirectBrowserTo: redirect, reason: error.reason };
  }
  if (error.status === 403 && error.oryId === 'session_refresh_required') {
    return { __typename: 'SessionRefreshRequired', redirectBrowserTo: redirect, reason: error.reason, mode };
  }
  if (error.status === 403 && error.oryId === 'session_aal2_required') {
    return { __typename: 'Aal2Required', redirectBrowserTo: redirect, reason: error.reason, mode };
  }
  throw fromOryError(error);
}

/** The flow id of a `show_*_ui` item in `error.details.continue_with`, if Ory sent one. */
function replacementFlowId(error: OryError): string | null {
  const envelope = isRecord(error.body) ? error.body.error : undefined;
  const details = isRecord(envelope) ? envelope.details : undefined;
  const items = isRecord(details) ? details.continue_with : undefined;
  if (!Array.isArray(items)) return null;
  for (const item of items) {
    const flow = isRecord(item) ? item.flow : undefined;
    if (isRecord(flow) && typeof flow.id === 'string') return flow.id;
  }
  return null;
}

/**
 * Ory writes `continue_with: null` when there is nothing to do next; the API always gives a list. Browser
 * callers never get a session token, not even inside `continue_with` (defence in depth: Ory sends none).
 */
export function continueWithFor(mode: CallMode, value: ContinueWith[] | null | undefined): ContinueWith[] {
  const items = Array.isArray(value) ? value : [];
  return mode === 'browser' ? items.filter((item) => item.action !== 'set_ory_session_token') : items;
}
