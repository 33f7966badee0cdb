/**
 * The Ory models resolvers work with: @ory/client's own types, re-exported so that nothing outside src/ory
 * imports the SDK, plus the normalised outcome types the Ory layer returns for flow submissions.
 */
import type {
  ContinueWith,
  ContinueWithVerificationUiFlow,
  Identity,
  LoginFlow,
  RecoveryFlow,
  RegistrationFlow,
  Session,
  SettingsFlow,
  VerificationFlow as OryVerificationFlow,
} from '@ory/client';

export type {
  ContinueWith,
  ContinueWithRecoveryUi,
  ContinueWithRedirectBrowserTo,
  ContinueWithSetOrySessionToken,
  ContinueWithSettingsUi,
  ContinueWithVerificationUi,
  ContinueWithVerificationUiFlow,
  FlowError,
  Identity,
  IdentityCredentials,
  IdentityCredentialsOidcProvider,
  IdentitySchemaContainer,
  LoginFlow,
  LogoutFlow,
  Message,
  RecoveryCodeForIdentity,
  RecoveryFlow,
  RecoveryIdentityAddress,
  RecoveryLinkForIdentity,
  RegistrationFlow,
  Session,
  SessionAuthenticationMethod,
  SessionDevice,
  SettingsFlow,
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
  SuccessfulNativeLogin,
  SuccessfulNativeRegistration,
  UiText,
  UpdateLoginFlowBody,
  UpdateRecoveryFlowBody,
  UpdateRegistrationFlowBody,
  UpdateSettingsFlowBody,
  UpdateVerificationFlowBody,
  VerifiableIdentityAddress,
} from '@ory/client';

/**
 * Ory's verification flow. The SDK marks its times and request URL optional; every verification flow Ory sends
 * has them (and the Ory layer checks that before anything reads a flow), as every other flow does.
 */
export type VerificationFlow = OryVerificationFlow &
  Required<Pick<OryVerificationFlow, 'expires_at' | 'issued_at' | 'request_url'>>;

/**
 * A session as the schema's `Session` type reads it. `ownedByCaller`: one of the caller's own sessions from Ory's
 * `/sessions` list, whose embedded identity is cut short (no addresses): its identity is the caller's own.
 * `current`: the caller's current session, as whoami answered it (`me`): the only one Ory makes JWTs of.
 * `partialIdentity`: from an admin list, whose embedded identity Ory loads without its addresses (and, for an
 * identity's own sessions, without `schema_url`).
 */
export type SessionView = Session & { ownedByCaller?: true; current?: true; partialIdentity?: true };

/** The self-service flow kinds; used to fetch a replacement flow and to name things in errors. */
export type FlowKind = 'login' | 'registration' | 'recovery' | 'verification' | 'settings';

/** Any Ory self-service flow. */
export type AnyFlow = LoginFlow | RegistrationFlow | RecoveryFlow | VerificationFlow | SettingsFlow;

/** Ory's `continueWithSettingsUiFlow` / `continueWithRecoveryUiFlow` (same shape). */
export interface ContinueWithFlowReference {
  id: string;
  url?: string;
}

/** The flow of any `show_*_ui` continue_with item (verification's also names the address). */
export type ContinueWithFlow = ContinueWithVerificationUiFlow | ContinueWithFlowReference;

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

/**
 * The flow cannot be used any more and Ory made a replacement: 410 `self_service_flow_expired` or
 * `self_service_flow_replaced`, or a recovery retried too often. `useFlowId` names the replacement.
 */
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
  /** How the refused submission was made, so the login flow to complete is of the same kind. */
  mode: 'native' | 'browser';
}

/** The result of a logout. */
export interface LogoutOutcome {
  loggedOut: boolean;
}

/** A page of a list Ory paginates with `page_token`s (from its `Link` header). */
export interface OryPage<T> {
  items: T[];
  /** The token of the page that was fetched (`null` for the first page). */
  pageToken: string | null;
  /** The page size that was asked for. */
  pageSize: number;
  /** The `page_token` of the next page, `null` on the last page. */
  nextPageToken: string | null;
  /** Ory's `X-Total-Count`, where it sends one. */
  totalCount: number | null;
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
  | FlowStepOutcome;

/** Recovery and verification answer with the flow itself, successful or not (its `state` says which). */
export type RecoveryOutcome = (RecoveryFlow & { __typename: 'RecoveryFlow' }) | FlowStepOutcome;
export type VerificationOutcome = (VerificationFlow & { __typename: 'VerificationFlow' }) | FlowStepOutcome;

/** Settings answer with the flow (state `success` or messages), or ask for a fresh sign-in. */
export type SettingsOutcome = (SettingsFlow & { __typename: 'SettingsFlow' }) | FlowStepOutcome;
