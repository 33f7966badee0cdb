/** Types of the demo page's modules (checked with `tsc -p demo`): the GraphQL answers it selects. */

export type FlowKind = 'login' | 'registration' | 'recovery' | 'verification' | 'settings';

export interface DemoConfig {
  graphqlUrl: string;
  courier: boolean;
}

export interface UiText {
  messageId: number;
  text: string;
  type: 'INFO' | 'ERROR' | 'SUCCESS';
  context: Record<string, unknown> | null;
}

export interface InputAttributes {
  __typename: 'UiNodeInputAttributes';
  name: string;
  type: string;
  value: unknown;
  required: boolean;
  disabled: boolean;
  autocomplete: string | null;
  pattern: string | null;
  maxlength: number | null;
  onclickTrigger: string | null;
}

export type UiNodeAttributes =
  | InputAttributes
  | { __typename: 'UiNodeTextAttributes'; elementId: string; text: UiText }
  | { __typename: 'UiNodeImageAttributes'; elementId: string; src: string; width: number; height: number }
  | { __typename: 'UiNodeAnchorAttributes'; elementId: string; href: string; title: UiText }
  | { __typename: 'UiNodeScriptAttributes'; elementId: string; src: string }
  | { __typename: 'UiNodeDivisionAttributes'; elementId: string };

export interface UiNode {
  type: string;
  group: string;
  messages: UiText[];
  meta: { label: UiText | null };
  attributes: UiNodeAttributes;
}

export type ContinueWith =
  | { __typename: 'ContinueWithVerificationUi'; flow: { id: string; verifiableAddress: string | null } }
  | { __typename: 'ContinueWithSettingsUi' | 'ContinueWithRecoveryUi'; flow: { id: string } }
  | { __typename: 'ContinueWithRedirectBrowserTo'; redirectBrowserTo: string }
  | { __typename: 'ContinueWithSetOrySessionToken' };

export interface Flow {
  __typename: 'LoginFlow' | 'RegistrationFlow' | 'RecoveryFlow' | 'VerificationFlow' | 'SettingsFlow';
  id: string;
  state: string | null;
  csrfToken: string | null;
  returnTo: string | null;
  ui: { messages: UiText[]; nodes: UiNode[] };
  /** Recovery and settings flows. */
  continueWith?: ContinueWith[];
}

export type UpdateResult =
  | Flow
  | { __typename: 'LoginSuccess' }
  | { __typename: 'RegistrationSuccess'; continueWith: ContinueWith[] }
  | { __typename: 'FlowRedirect'; redirectBrowserTo: string | null }
  | { __typename: 'FlowExpired'; useFlowId: string | null; reason: string | null }
  | {
      __typename: 'SessionRefreshRequired' | 'Aal2Required';
      reason: string | null;
      loginFlow: { id: string } | null;
    };

/** What the form holds when a button is pressed: Ory's field names, with typed values. */
export type FormValues = Record<string, string | number | boolean>;

export interface Session {
  id: string;
  authenticatedAt: string;
  expiresAt: string;
  authenticatorAssuranceLevel: string | null;
  authenticationMethods: Array<{ method: string | null; provider: string | null; aal: string | null }>;
  devices: Array<{ ipAddress: string | null; userAgent: string | null }>;
}

export interface Me extends Session {
  identity: {
    id: string;
    traits: Record<string, unknown>;
    verifiableAddresses: Array<{ value: string; verified: boolean }>;
  } | null;
}

export interface CourierMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  templateType: string;
  createdAt: string;
}
