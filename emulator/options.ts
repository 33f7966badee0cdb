/**
 * Emulator options and the resolved configuration every module reads. Nothing here touches
 * process.env: only `main.ts` (the CLI) does.
 */
import { ALL_METHODS_IDENTITY_SCHEMA } from './identity/allMethodsSchema';
import { DEFAULT_IDENTITY_SCHEMA } from './identity/defaultSchema';
import type { JsonObject } from './json';
import {
  resolveTokenizerTemplates,
  type SessionTokenizerTemplateOptions,
  type TokenizerTemplate,
} from './session/tokenizerTemplates';

export interface EmulatorOptions {
  /** Interface both listeners bind to. Default '127.0.0.1'. */
  host?: string;
  /** Public (self-service) port. Default 0 (ephemeral). */
  publicPort?: number;
  /** Admin port. Default 0 (ephemeral). */
  adminPort?: number;
  /** Like Kratos `serve.public.base_url`; default `http://<host>:<actual public port>/`. */
  publicBaseUrl?: string;
  /** Like Kratos `serve.admin.base_url`; default `http://<host>:<actual admin port>/`. */
  adminBaseUrl?: string;
  /** Base of the self-service UI (`ui_url`s, default return URL). Default 'http://127.0.0.1:4455'. */
  uiBaseUrl?: string;
  /** Lifespan of every self-service flow. Default 1h. */
  flowLifespanMs?: number;
  /** Per-kind overrides of {@link flowLifespanMs} (`selfservice.flows.<kind>.lifespan`). */
  flowLifespans?: Partial<Record<SelfServiceFlowKind, number>>;
  /** `selfservice.flows.settings.privileged_session_max_age`. Default 15 min (the §11 config). */
  privilegedSessionMaxAgeMs?: number;
  /** `selfservice.flows.verification.enabled` plus the `show_verification_ui` hook. Default true. */
  verificationEnabled?: boolean;
  /** `selfservice.flows.recovery.enabled` (method `code`). Default true. */
  recoveryEnabled?: boolean;
  /** `selfservice.methods.code.config.lifespan` (recovery/verification codes). Default 15 min. */
  codeLifespanMs?: number;
  /** `selfservice.default_browser_return_url`. Default `<uiBaseUrl>/`. */
  defaultBrowserReturnUrl?: string;
  /**
   * `selfservice.allowed_return_urls`: where `return_to` may point (scheme, host — `*.` wildcards
   * allowed — and path prefix), e.g. a native app's `myapp://callback`. Default `[uiBaseUrl]`.
   */
  allowedReturnUrls?: readonly string[];
  /** `selfservice.flows.logout.after.default_browser_return_url`. Default `<uiBaseUrl>/login`. */
  logoutReturnUrl?: string;
  /**
   * Test hook: the emulator's clock (flow, code and session expiry, timestamps). Default
   * `() => new Date()`; return a later date to expire things without waiting.
   */
  now?: () => Date;
  /** `session.lifespan`. Default 24h. */
  sessionLifespanMs?: number;
  /** Identity schemas; the first one is the default (`identity.default_schema_id`). */
  identitySchemas?: { id: string; schema: object }[];
  /** Whether the `session` hook runs after password registration. Default true. */
  registrationSessionHook?: boolean;
  /**
   * The registration methods whose `selfservice.flows.registration.after.<method>.hooks` list
   * `show_verification_ui`: their answers carry the `show_verification_ui` continue_with item (and
   * send browsers to the verification UI). The code is sent either way. Default: every method.
   */
  showVerificationUiAfter?: readonly RegistrationMethod[];
  /** Seeds {@link DEMO_USER}. Default false (the CLI turns it on). */
  seedDemoUser?: boolean;
  /** `selfservice.methods.password.enabled`. Default true. */
  passwordEnabled?: boolean;
  /**
   * `selfservice.methods.code.passwordless_enabled`: sign in and sign up with a one-time code sent
   * by email (the identity schema needs `credentials.code.identifier`). Default false.
   */
  codePasswordless?: boolean;
  /**
   * `selfservice.methods.code.mfa_enabled`: a code sent by email as the second factor. Default false. Kratos
   * refuses to start with both this and {@link codePasswordless} on, and so does the emulator.
   */
  codeMfa?: boolean;
  /** `selfservice.methods.totp.enabled`. Default false. */
  totpEnabled?: boolean;
  /** `selfservice.methods.totp.config.issuer`. Default: the public base URL's host name (Kratos' default). */
  totpIssuer?: string;
  /** `selfservice.methods.lookup_secret.enabled` (backup codes). Default false. */
  lookupSecretEnabled?: boolean;
  /** `selfservice.flows.recovery.use` (`link` also enables `selfservice.methods.link`). Default `code`. */
  recoveryUse?: 'code' | 'link';
  /** `selfservice.flows.verification.use`. Default `code`. */
  verificationUse?: 'code' | 'link';
  /** `selfservice.methods.link.config.lifespan`. Default 1h. */
  linkLifespanMs?: number;
  /** `selfservice.flows.login.style`. Default `unified`. */
  loginStyle?: 'unified' | 'identifier_first';
  /**
   * `selfservice.flows.registration.style`. Default `unified` (the §11 configuration; Kratos' own
   * default is `profile_first`).
   */
  registrationStyle?: 'unified' | 'profile_first';
  /** `session.whoami.required_aal`. Default `highest_available` (Kratos' default). */
  whoamiRequiredAal?: RequiredAal;
  /**
   * `session.whoami.tokenizer.templates`: the JWT templates `/sessions/whoami?tokenize_as=<name>` signs sessions
   * with. Default none (every name is unknown: 400).
   */
  sessionTokenizerTemplates?: Readonly<Record<string, SessionTokenizerTemplateOptions>>;
  /** `selfservice.flows.settings.required_aal`. Default `highest_available` (Kratos' default). */
  settingsRequiredAal?: RequiredAal;
  /**
   * `selfservice.methods.oidc` with the emulator's built-in test provider: each entry is a provider
   * whose authorization page the emulator serves itself. Default none (OIDC disabled).
   */
  oidcProviders?: OidcProviderOptions[];
  /**
   * Mimics Ory Network: when set, every admin API route (`/admin/identities`, `/admin/sessions`,
   * ...) requires `Authorization: Bearer <adminApiKey>`. Default unset: self-hosted Kratos'
   * admin port has no authentication.
   */
  adminApiKey?: string;
}

export type RequiredAal = 'aal1' | 'highest_available';

/**
 * One social sign-in provider served by the emulator (`selfservice.methods.oidc.config.providers[]`).
 * Its authorization endpoint is a page of the emulator where the developer picks or types the account
 * to sign in as; the claims become traits the way Kratos' default Jsonnet mapper does.
 */
export interface OidcProviderOptions {
  /** `id`, used in `/self-service/methods/oidc/callback/{id}` and in `provider` submits. */
  id: string;
  /** `label` shown on the "Sign in with" button. Default: `id` with an upper-case first letter. */
  label?: string;
  /**
   * Which claims become which traits: `'email'` maps `email` to `traits.email` (the default), `'none'`
   * maps nothing, so every registration needs its traits completed (Kratos' incomplete-traits path).
   */
  traitsMapping?: 'email' | 'email_and_name' | 'none';
  /** Accounts offered on the sign-in page (the developer may also type another one). */
  accounts?: OidcTestAccount[];
  /**
   * Accept native `id_token` submissions like Kratos' `fedcm-test` provider type (HS256 tokens
   * signed with the key `xxxxxxx`, `nonce` claim required; mint one at
   * `POST /emulator/oidc/{id}/id-token`). Default false: like Kratos' `generic` type, 502.
   */
  acceptIdTokens?: boolean;
}

export interface OidcTestAccount {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
}

/** The demo account the CLI seeds; tests and docs may log in with it. */
export const DEMO_USER = Object.freeze({
  email: 'demo@example.com',
  password: 'ory-graphql-demo',
  name: Object.freeze({ first: 'Demo', last: 'User' }),
});

/** The session JWT template of the development defaults (the name Ory's documentation uses). */
export const DEVELOPMENT_TOKENIZER_TEMPLATE = 'jwt_example_template1';

/**
 * What `npm start` / `npm run emulator` run with: every self-service method except WebAuthn and
 * passkeys — password, passwordless code, TOTP, backup codes, social sign-in with the built-in test
 * provider `test` — over {@link ALL_METHODS_IDENTITY_SCHEMA}, and a session JWT template signing with
 * a key made at start (its public key at `/emulator/tokenizer/jwks.json` on the admin port).
 * What Kratos makes one choice for the whole server (login and registration style, recovery and
 * verification `use`, code as passwordless sign-in or as second factor) keeps Kratos' usual choice
 * here; the CLIs take the other one from {@link EmulatorChoices} (`EMULATOR_LOGIN_STYLE`, ...).
 * `startEmulator({})` keeps the §11 configuration (password only) for tests.
 */
const DEVELOPMENT_DEFAULTS: EmulatorOptions = {
  identitySchemas: [{ id: 'default', schema: ALL_METHODS_IDENTITY_SCHEMA }],
  codePasswordless: true,
  totpEnabled: true,
  totpIssuer: 'ory-graphql',
  lookupSecretEnabled: true,
  oidcProviders: [
    {
      id: 'test',
      label: 'Test Provider',
      traitsMapping: 'email_and_name',
      accounts: [
        { subject: 'demo', email: 'demo@example.com', emailVerified: true, name: 'Demo User' },
        { subject: 'alice', email: 'alice@example.com', emailVerified: true, name: 'Alice Example' },
      ],
      acceptIdTokens: true,
    },
  ],
  sessionTokenizerTemplates: { [DEVELOPMENT_TOKENIZER_TEMPLATE]: { ttlMs: 10 * 60 * 1000 } },
};
export const EMULATOR_DEVELOPMENT_DEFAULTS: Readonly<EmulatorOptions> = Object.freeze(DEVELOPMENT_DEFAULTS);

/**
 * The settings Kratos takes once for the whole server, so no single configuration shows both ways: the
 * development CLIs (`npm start`, `npm run emulator`) read them from `EMULATOR_*` variables. `code` is
 * what the code method does besides recovery and verification: sign-in and sign-up without a password,
 * or the second factor (Kratos refuses both at once).
 */
export interface EmulatorChoices {
  loginStyle: 'unified' | 'identifier_first';
  registrationStyle: 'unified' | 'profile_first';
  recoveryUse: 'code' | 'link';
  verificationUse: 'code' | 'link';
  code: 'passwordless' | 'mfa';
}

/** The values each `EMULATOR_*` choice accepts, first the default (what {@link EMULATOR_DEVELOPMENT_DEFAULTS} does). */
export const EMULATOR_CHOICE_VALUES = Object.freeze({
  loginStyle: Object.freeze(['unified', 'identifier_first'] as const),
  registrationStyle: Object.freeze(['unified', 'profile_first'] as const),
  recoveryUse: Object.freeze(['code', 'link'] as const),
  verificationUse: Object.freeze(['code', 'link'] as const),
  code: Object.freeze(['passwordless', 'mfa'] as const),
});

/** The emulator options of a set of choices, to spread over {@link EMULATOR_DEVELOPMENT_DEFAULTS}. */
export function emulatorChoiceOptions(choices: EmulatorChoices): EmulatorOptions {
  return {
    loginStyle: choices.loginStyle,
    registrationStyle: choices.registrationStyle,
    recoveryUse: choices.recoveryUse,
    verificationUse: choices.verificationUse,
    codePasswordless: choices.code === 'passwordless',
    codeMfa: choices.code === 'mfa',
  };
}

/** Kratos' password policy defaults (`min_password_length`, bcrypt's 72-byte limit). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_BYTES = 72;

/** The registration methods with hooks of their own (`selfservice.flows.registration.after.<method>`). */
export type RegistrationMethod = 'password' | 'code' | 'oidc';

/** The self-service flow kinds, as named in Kratos' config (`selfservice.flows.<kind>`). */
export type SelfServiceFlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

export interface EmulatorConfig {
  readonly publicBaseUrl: string; // always ends with '/'
  readonly adminBaseUrl: string; // always ends with '/'
  readonly uiBaseUrl: string; // never ends with '/'
  readonly defaultBrowserReturnUrl: string;
  readonly allowedReturnUrls: readonly string[];
  readonly flowLifespanMs: number;
  readonly flowLifespans: Readonly<Record<SelfServiceFlowKind, number>>;
  readonly privilegedSessionMaxAgeMs: number;
  readonly verificationEnabled: boolean;
  readonly recoveryEnabled: boolean;
  readonly codeLifespanMs: number;
  readonly logoutReturnUrl: string;
  readonly sessionLifespanMs: number;
  readonly identitySchemas: readonly { id: string; schema: JsonObject }[];
  readonly registrationSessionHook: boolean;
  readonly showVerificationUiAfter: readonly RegistrationMethod[];
  /** `undefined`: the admin API is open, like a self-hosted Kratos admin port. */
  readonly adminApiKey: string | undefined;
  readonly passwordEnabled: boolean;
  readonly codePasswordless: boolean;
  readonly codeMfa: boolean;
  readonly totpEnabled: boolean;
  readonly totpIssuer: string;
  readonly lookupSecretEnabled: boolean;
  readonly recoveryUse: 'code' | 'link';
  readonly verificationUse: 'code' | 'link';
  readonly linkLifespanMs: number;
  readonly loginStyle: 'unified' | 'identifier_first';
  readonly registrationStyle: 'unified' | 'profile_first';
  readonly whoamiRequiredAal: RequiredAal;
  /** By template name, with each one's signing key. */
  readonly tokenizerTemplates: ReadonlyMap<string, TokenizerTemplate>;
  readonly settingsRequiredAal: RequiredAal;
  readonly oidcProviders: readonly OidcProviderConfig[];
}

/** A provider with its defaults filled in. */
export interface OidcProviderConfig {
  readonly id: string;
  readonly label: string;
  readonly traitsMapping: 'email' | 'email_and_name' | 'none';
  readonly accounts: readonly OidcTestAccount[];
  readonly acceptIdTokens: boolean;
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** IPv6 literals need brackets in URLs. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function resolveConfig(
  options: EmulatorOptions,
  ports: { host: string; publicPort: number; adminPort: number },
  schemas: readonly { id: string; schema: JsonObject }[],
): EmulatorConfig {
  const urlHost = hostForUrl(ports.host);
  const uiBaseUrl = withoutTrailingSlash(options.uiBaseUrl ?? 'http://127.0.0.1:4455');
  const flowLifespanMs = options.flowLifespanMs ?? HOUR_MS;
  const lifespan = (kind: SelfServiceFlowKind): number => options.flowLifespans?.[kind] ?? flowLifespanMs;
  const publicBaseUrl = withTrailingSlash(options.publicBaseUrl ?? `http://${urlHost}:${ports.publicPort}/`);
  // Kratos' configuration schema allows `passwordless_enabled` or `mfa_enabled`, never both: it does not start.
  if (options.codePasswordless === true && options.codeMfa === true) {
    throw new Error('codePasswordless and codeMfa cannot both be on (Kratos refuses that configuration)');
  }
  return Object.freeze({
    publicBaseUrl,
    adminBaseUrl: withTrailingSlash(options.adminBaseUrl ?? `http://${urlHost}:${ports.adminPort}/`),
    uiBaseUrl,
    // §11 config: `selfservice.default_browser_return_url: <ui>/`
    defaultBrowserReturnUrl: options.defaultBrowserReturnUrl ?? `${uiBaseUrl}/`,
    allowedReturnUrls: Object.freeze([...(options.allowedReturnUrls ?? [uiBaseUrl])]),
    flowLifespanMs,
    flowLifespans: Object.freeze({
      login: lifespan('login'),
      registration: lifespan('registration'),
      settings: lifespan('settings'),
      recovery: lifespan('recovery'),
      verification: lifespan('verification'),
    }),
    privilegedSessionMaxAgeMs: options.privilegedSessionMaxAgeMs ?? 15 * MINUTE_MS,
    verificationEnabled: options.verificationEnabled ?? true,
    recoveryEnabled: options.recoveryEnabled ?? true,
    codeLifespanMs: options.codeLifespanMs ?? 15 * MINUTE_MS,
    logoutReturnUrl: options.logoutReturnUrl ?? `${uiBaseUrl}/login`,
    sessionLifespanMs: options.sessionLifespanMs ?? 24 * HOUR_MS,
    identitySchemas: schemas,
    registrationSessionHook: options.registrationSessionHook ?? true,
    showVerificationUiAfter: Object.freeze([
      ...(options.showVerificationUiAfter ?? ['password', 'code', 'oidc']),
    ]),
    adminApiKey: options.adminApiKey === '' ? undefined : options.adminApiKey,
    passwordEnabled: options.passwordEnabled ?? true,
    codePasswordless: options.codePasswordless ?? false,
    codeMfa: options.codeMfa ?? false,
    totpEnabled: options.totpEnabled ?? false,
    totpIssuer: options.totpIssuer ?? new URL(publicBaseUrl).hostname,
    lookupSecretEnabled: options.lookupSecretEnabled ?? false,
    recoveryUse: options.recoveryUse ?? 'code',
    verificationUse: options.verificationUse ?? 'code',
    linkLifespanMs: options.linkLifespanMs ?? HOUR_MS,
    loginStyle: options.loginStyle ?? 'unified',
    registrationStyle: options.registrationStyle ?? 'unified',
    whoamiRequiredAal: options.whoamiRequiredAal ?? 'highest_available',
    tokenizerTemplates: resolveTokenizerTemplates(options.sessionTokenizerTemplates),
    settingsRequiredAal: options.settingsRequiredAal ?? 'highest_available',
    oidcProviders: (options.oidcProviders ?? []).map((provider) => ({
      id: provider.id,
      label: provider.label ?? provider.id.charAt(0).toUpperCase() + provider.id.slice(1),
      traitsMapping: provider.traitsMapping ?? 'email',
      accounts: provider.accounts ?? [],
      acceptIdTokens: provider.acceptIdTokens ?? false,
    })),
  });
}

export function defaultSchemas(): { id: string; schema: object }[] {
  return [{ id: 'default', schema: DEFAULT_IDENTITY_SCHEMA }];
}
