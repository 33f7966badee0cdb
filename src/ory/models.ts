/**
 * The Ory models resolvers work with: @ory/client's own types, re-exported so that nothing outside src/ory
 * imports the SDK, plus the normalised outcome types the Ory layer returns for flow submissions.
 */
import type { ContinueWith, Identity, LoginFlow, RegistrationFlow, Session } from '@ory/client';

export type {
  ContinueWith,
  ContinueWithRecoveryUi,
  ContinueWithRedirectBrowserTo,
  ContinueWithSetOrySessionToken,
  ContinueWithSettingsUi,
  ContinueWithVerificationUi,
  ContinueWithVerificationUiFlow,
  Identity,
  IdentitySchemaContainer,
  LoginFlow,
  RecoveryIdentityAddress,
  RegistrationFlow,
  Session,
  SessionAuthenticationMethod,
  SessionDevice,
  UiContainer,
  UiNode,
  UiNodeAnchorAttributes,
  UiNodeAttributes,
  UiNodeDivisionAttributes,
  UiNodeImageAttributes,
  UiNodeInputAttributes,
  UiNodeMeta,
  UiNodeScriptAttributes,
  UiNodeTextAttributes,
  UiText,
  VerifiableIdentityAddress,
} from '@ory/client';

/** The self-service flow kinds; used to fetch a replacement flow and to name things in errors. */
export type FlowKind = 'login' | 'registration';

/** Ory's `continueWithSettingsUiFlow` / `continueWithRecoveryUiFlow` (same shape). */
export interface ContinueWithFlowReference {
  id: string;
  url?: string;
}

/** A successful login, native or browser. `sessionToken` is only ever set for native flows. */
export interface LoginSuccess {
  session: Session;
  sessionToken: string | null;
  continueWith: ContinueWith[];
}

/** A successful registration. `session` is present when Ory's `session` hook signs the new identity in. */
export interface RegistrationSuccess {
  identity: Identity;
  session: Session | null;
  sessionToken: string | null;
  continueWith: ContinueWith[];
}

/** Ory 410 `self_service_flow_expired` on submit: `useFlowId` names the replacement flow Ory created. */
export interface FlowExpired {
  kind: FlowKind;
  useFlowId: string | null;
  expiredAt: string | null;
  reason: string | null;
}

/** Ory 422 `browser_location_change_required`. */
export interface FlowRedirect {
  redirectBrowserTo: string;
  reason: string | null;
}

/** Ory 403 `session_refresh_required` / `session_aal2_required`. */
export interface StepUpRequired {
  redirectBrowserTo: string | null;
  reason: string | null;
}

/** The result of a logout. */
export interface LogoutOutcome {
  loggedOut: boolean;
}

/** Submission outcomes that are not the flow itself nor a success. */
export type FlowStepOutcome =
  | (FlowExpired & { __typename: 'FlowExpired' })
  | (FlowRedirect & { __typename: 'FlowRedirect' })
  | (StepUpRequired & { __typename: 'SessionRefreshRequired' | 'Aal2Required' });

/**
 * Everything a flow submission can lead to, tagged with the GraphQL type that represents it, so the result
 * unions resolve without guessing from shapes.
 */
export type LoginOutcome =
  | (LoginSuccess & { __typename: 'LoginSuccess' })
  | (LoginFlow & { __typename: 'LoginFlow' })
  | FlowStepOutcome;

export type RegistrationOutcome =
  | (RegistrationSuccess & { __typename: 'RegistrationSuccess' })
  | (RegistrationFlow & { __typename: 'RegistrationFlow' })
  | Exclude<FlowStepOutcome, { __typename: 'SessionRefreshRequired' | 'Aal2Required' }>;
