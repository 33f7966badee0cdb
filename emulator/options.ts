/**
 * Emulator options and the resolved configuration every module reads. Nothing here touches
 * process.env: only `main.ts` (the CLI) does.
 */
import { DEFAULT_IDENTITY_SCHEMA } from './identity/defaultSchema';
import type { JsonObject } from './json';

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
  /** Seeds {@link DEMO_USER}. Default false (the CLI turns it on). */
  seedDemoUser?: boolean;
  /**
   * Mimics Ory Network: when set, every admin API route (`/admin/identities`, `/admin/sessions`,
   * ...) requires `Authorization: Bearer <adminApiKey>`. Default unset: self-hosted Kratos'
   * admin port has no authentication.
   */
  adminApiKey?: string;
}

/** The demo account the CLI seeds; tests and docs may log in with it. */
export const DEMO_USER = Object.freeze({
  email: 'demo@example.com',
  password: 'ory-graphql-demo',
  name: Object.freeze({ first: 'Demo', last: 'User' }),
});

/** Kratos' password policy defaults (`min_password_length`, bcrypt's 72-byte limit). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_BYTES = 72;

/** The self-service flow kinds, as named in Kratos' config (`selfservice.flows.<kind>`). */
export type SelfServiceFlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

export interface EmulatorConfig {
  readonly publicBaseUrl: string; // always ends with '/'
  readonly adminBaseUrl: string; // always ends with '/'
  readonly uiBaseUrl: string; // never ends with '/'
  readonly defaultBrowserReturnUrl: string;
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
  /** `undefined`: the admin API is open, like a self-hosted Kratos admin port. */
  readonly adminApiKey: string | undefined;
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
  return Object.freeze({
    publicBaseUrl: withTrailingSlash(options.publicBaseUrl ?? `http://${urlHost}:${ports.publicPort}/`),
    adminBaseUrl: withTrailingSlash(options.adminBaseUrl ?? `http://${urlHost}:${ports.adminPort}/`),
    uiBaseUrl,
    // §11 config: `selfservice.default_browser_return_url: <ui>/`
    defaultBrowserReturnUrl: options.defaultBrowserReturnUrl ?? `${uiBaseUrl}/`,
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
    adminApiKey: options.adminApiKey === '' ? undefined : options.adminApiKey,
  });
}

export function defaultSchemas(): { id: string; schema: object }[] {
  return [{ id: 'default', schema: DEFAULT_IDENTITY_SCHEMA }];
}
