/** The self-service flow records (`selfservice/flow/<kind>/flow.go`) shared by all flow kinds. */
import type { Identity, ProviderCredential } from '../identity/identity';
import type { JsonObject } from '../json';
import type { Aal } from '../session/session';
import type { UiContainer } from '../ui/nodes';
import type { ContinueWith } from './continueWith';

export type FlowType = 'api' | 'browser';

export interface FlowBase {
  readonly id: string;
  readonly type: FlowType;
  expiresAt: Date;
  issuedAt: Date;
  requestUrl: string;
  returnTo?: string;
  active?: string;
  ui: UiContainer;
  state: string;
  /** `db:"-"` in Kratos: set for one submit; only the recovery submit answer shows it. */
  transientPayload?: JsonObject;
  identitySchema?: string;
  organizationId: string | null;
  /** The masked token of the `csrf_token` node; `GET flows` of browser flows verifies it against the cookie. */
  csrfToken: string;
  /** `DangerousSkipCSRFCheck`: set on flows made by `POST /admin/recovery/code`. */
  skipCsrf?: boolean;
  sessionTokenExchangeCode?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a flow remembers between submits without showing it (`internal_context`). */
export interface InternalContext {
  /** Identifier-first login: the identifier of the first screen. */
  identifierHint?: string;
  /** TOTP enrolment: the key URL shown in the settings form. */
  totpUrl?: string;
  /** Backup codes shown after "regenerate", waiting for "confirm". */
  lookupRegenerated?: string[];
  /** OIDC: the traits from the provider, for completing a registration (`oidc` registration). */
  oidc?: OidcFlowContext;
  /**
   * Account linking (`registration_duplicate_credentials`): a social sign-up whose email another
   * identity has; signing in to that identity with this login flow links the social account.
   */
  duplicateCredentials?: DuplicateCredentials;
}

/** `flow.DuplicateCredentialsData` of the oidc strategy: the one provider account to link. */
export interface DuplicateCredentials {
  readonly identifier: string;
  readonly provider: ProviderCredential;
}

/** The provider's answer kept on a registration flow whose mapped traits were incomplete. */
export interface OidcFlowContext {
  readonly provider: string;
  readonly subject: string;
  readonly traits: JsonObject;
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

export interface LoginFlow extends FlowBase {
  readonly kind: 'login';
  refresh: boolean;
  requestedAal: Aal;
  /** Login codes (code method); one per address, replaced on every send. */
  codes: OneTimeCode[];
  submitCount: number;
  internal: InternalContext;
}

export interface RegistrationFlow extends FlowBase {
  readonly kind: 'registration';
  /** Registration codes (code method). */
  codes: OneTimeCode[];
  submitCount: number;
  internal: InternalContext;
}

export interface SettingsFlow extends FlowBase {
  readonly kind: 'settings';
  /** The identity as embedded in the flow (a copy taken at creation, refreshed on success). */
  identity: Identity;
  continueWith: ContinueWith[];
  internal: InternalContext;
}

/** A one-time code sent by the courier (`identity_*_codes` / `identity_*_tokens` tables). */
export interface OneTimeCode {
  readonly code: string;
  /** '' for registration codes (the identity does not exist yet). */
  readonly identityId: string;
  /** The (normalized) address the code was sent to; '' for admin-created recovery codes. */
  readonly address: string;
  readonly expiresAt: Date;
  usedAt?: Date;
}

export interface RecoveryFlow extends FlowBase {
  readonly kind: 'recovery';
  continueWith: ContinueWith[];
  codes: OneTimeCode[];
  /** Code submissions so far (`submit_count`); the sixth is refused. */
  submitCount: number;
}

export interface VerificationFlow extends FlowBase {
  readonly kind: 'verification';
  codes: OneTimeCode[];
  submitCount: number;
}

export interface FlowsByKind {
  login: LoginFlow;
  registration: RegistrationFlow;
  settings: SettingsFlow;
  recovery: RecoveryFlow;
  verification: VerificationFlow;
}

export type FlowKind = keyof FlowsByKind;
export type AnyFlow = FlowsByKind[FlowKind];
export type FlowOf<K extends FlowKind> = FlowsByKind[K];

/** Narrows a stored flow to the kind a route serves. */
export function isFlowOfKind<K extends FlowKind>(flow: AnyFlow, kind: K): flow is FlowOf<K> {
  return flow.kind === kind;
}

export function isExpired(flow: FlowBase, now: Date): boolean {
  return flow.expiresAt.getTime() < now.getTime();
}
