/**
 * Turns Ory's answers to flow submissions into outcomes. Ory signals normal steps of a flow with HTTP errors
 * (400 + the flow for validation messages, 410 for expiry, 422 for a browser redirect, 403 for step-up); these
 * become members of the GraphQL result unions. Anything else stays an error.
 */
import type { ContinueWith, FlowKind, FlowStepOutcome, LoginFlow, RegistrationFlow } from './models';
import type { OryError } from './oryError';
import { isRecord } from './oryError';
import { fromOryError } from '../errors';

/** Checks the fields every Ory flow must have before an answer (often an error body) is treated as a flow. */
function hasFlowFields(body: unknown): boolean {
  return (
    isRecord(body) &&
    ['id', 'type', 'expires_at', 'issued_at', 'request_url'].every((key) => typeof body[key] === 'string') &&
    isRecord(body.ui) &&
    Array.isArray(body.ui.nodes)
  );
}

export const isLoginFlow = (body: unknown): body is LoginFlow => hasFlowFields(body);
export const isRegistrationFlow = (body: unknown): body is RegistrationFlow => hasFlowFields(body);

/**
 * The outcome of a failed submission that is not the flow itself, or a thrown GraphQL error when the failure is
 * a real error (CSRF violation, unknown flow, Ory down, ...).
 */
export function nonFlowOutcome(error: OryError, kind: FlowKind): FlowStepOutcome {
  if (error.status === 410) {
    return {
      __typename: 'FlowExpired',
      kind,
      useFlowId: error.bodyString('use_flow_id'),
      expiredAt: error.bodyString('expired_at'),
      reason: error.reason,
    };
  }
  const redirect = error.bodyString('redirect_browser_to') ?? error.detailString('redirect_browser_to');
  if (error.status === 422 && redirect !== null) {
    return { __typename: 'FlowRedirect', redirectBrowserTo: redirect, reason: error.reason };
  }
  if (error.status === 403 && error.oryId === 'session_refresh_required') {
    return { __typename: 'SessionRefreshRequired', redirectBrowserTo: redirect, reason: error.reason };
  }
  if (error.status === 403 && error.oryId === 'session_aal2_required') {
    return { __typename: 'Aal2Required', redirectBrowserTo: redirect, reason: error.reason };
  }
  throw fromOryError(error);
}

/** Ory writes `continue_with: null` when there is nothing to do next; the API always gives a list. */
export function continueWithList(value: ContinueWith[] | null | undefined): ContinueWith[] {
  return Array.isArray(value) ? value : [];
}
