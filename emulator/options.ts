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
  /** `session.lifespan`. Default 24h. */
  sessionLifespanMs?: number;
  /** Identity schemas; the first one is the default (`identity.default_schema_id`). */
  identitySchemas?: { id: string; schema: object }[];
  /** Whether the `session` hook runs after password registration. Default true. */
  registrationSessionHook?: boolean;
  /** Seeds {@link DEMO_USER}. Default false (the CLI turns it on). */
  seedDemoUser?: boolean;
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

export interface EmulatorConfig {
  readonly publicBaseUrl: string; // always ends with '/'
  readonly adminBaseUrl: string; // always ends with '/'
  readonly uiBaseUrl: string; // never ends with '/'
  readonly defaultBrowserReturnUrl: string;
  readonly flowLifespanMs: number;
  readonly sessionLifespanMs: number;
  readonly identitySchemas: readonly { id: string; schema: JsonObject }[];
  readonly registrationSessionHook: boolean;
}

const HOUR_MS = 60 * 60 * 1000;

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
  return Object.freeze({
    publicBaseUrl: withTrailingSlash(options.publicBaseUrl ?? `http://${urlHost}:${ports.publicPort}/`),
    adminBaseUrl: withTrailingSlash(options.adminBaseUrl ?? `http://${urlHost}:${ports.adminPort}/`),
    uiBaseUrl,
    // §11 config: `selfservice.default_browser_return_url: <ui>/`
    defaultBrowserReturnUrl: `${uiBaseUrl}/`,
    flowLifespanMs: options.flowLifespanMs ?? HOUR_MS,
    sessionLifespanMs: options.sessionLifespanMs ?? 24 * HOUR_MS,
    identitySchemas: schemas,
    registrationSessionHook: options.registrationSessionHook ?? true,
  });
}

export function defaultSchemas(): { id: string; schema: object }[] {
  return [{ id: 'default', schema: DEFAULT_IDENTITY_SCHEMA }];
}
