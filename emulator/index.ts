/**
 * The Ory emulator: an in-memory server speaking Ory Kratos v26.2.0's wire format on two
 * listeners (public and admin), for development and tests. See `emulator/README.md`.
 */
import { Courier } from './courier/courier';
import { hashPassword } from './crypto/passwordHash';
import type { EmulatorDeps } from './deps';
import { FaultRegistry } from './faults/faultRegistry';
import type { Faults } from './faults/faultRule';
import { ConnectionCounter, type ConnectionCounts } from './http/connectionCounter';
import { startListener, type Listener } from './http/listener';
import type { Router } from './http/router';
import { applyTraitExtensions, newIdentity, passwordIdentifiers } from './identity/identity';
import { SchemaRegistry, toJsonObject } from './identity/schemaRegistry';
import {
  DEMO_USER,
  defaultSchemas,
  resolveConfig,
  type EmulatorConfig,
  type EmulatorOptions,
} from './options';
import { InMemoryRequestLog, type RequestLog } from './requestLog';
import { adminRouter, publicRouter } from './routes';
import { Store } from './store/store';

export type {
  EmulatorChoices,
  EmulatorOptions,
  OidcProviderOptions,
  OidcTestAccount,
  RegistrationMethod,
  RequiredAal,
} from './options';
export {
  DEMO_USER,
  DEVELOPMENT_TOKENIZER_TEMPLATE,
  EMULATOR_CHOICE_VALUES,
  EMULATOR_DEVELOPMENT_DEFAULTS,
  emulatorChoiceOptions,
} from './options';
export type { ClaimsMapperInput, SessionTokenizerTemplateOptions } from './session/tokenizerTemplates';
export { DEFAULT_IDENTITY_SCHEMA } from './identity/defaultSchema';
export { ALL_METHODS_IDENTITY_SCHEMA } from './identity/allMethodsSchema';
export { fingerprint } from './requestLog';
/** The CSRF cookie's name for a public base URL (`csrf_token_` + sha256 hex of it, trailing slash included). */
export { csrfCookieName } from './csrf/csrfToken';
export type { RequestLog, RequestLogEntry, RecordedHeaders, RecordedCookie } from './requestLog';
export type {
  ClosedFault,
  DelayFault,
  DribbleFault,
  FaultErrorInit,
  FaultKind,
  FaultListener,
  FaultRule,
  FaultTarget,
  FaultView,
  Faults,
  HangFault,
  MalformedFault,
  OversizedFault,
  RequestFault,
  RequestFaultRule,
  ResetFault,
  SlowHeadersFault,
  StatusFault,
  TruncatedFault,
  WrongContentTypeFault,
} from './faults/faultRule';
export { FaultRuleError } from './faults/parseFaultRule';
export type { ConnectionCounts } from './http/connectionCounter';

export interface Emulator {
  /** Public base URL without trailing slash (what a client uses as `basePath`). */
  readonly publicUrl: string;
  /** Admin base URL without trailing slash. */
  readonly adminUrl: string;
  readonly requestLog: RequestLog;
  /** Test-only fault injection (see `emulator/README.md`, "Fault injection"). */
  readonly faults: Faults;
  /** TCP connections each listener accepted since start or {@link resetConnections}. */
  connections(): ConnectionCounts;
  resetConnections(): void;
  /** Closes both listeners, destroying keep-alive sockets. */
  close(): Promise<void>;
}

async function seedDemoUser(deps: EmulatorDeps): Promise<void> {
  const schema = deps.schemas.default;
  const now = deps.now();
  const traits = { email: DEMO_USER.email, name: { first: DEMO_USER.name.first, last: DEMO_USER.name.last } };
  const identity = newIdentity(schema.id, traits, now);
  identity.credentials.password = {
    type: 'password',
    identifiers: passwordIdentifiers(schema, traits),
    config: { hashedPassword: await hashPassword(DEMO_USER.password) },
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
  applyTraitExtensions(identity, schema, now);
  deps.store.insertIdentity(identity);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const schemas = (options.identitySchemas ?? defaultSchemas()).map((s) => ({
    id: s.id,
    schema: toJsonObject(s.schema),
  }));
  const registry = new SchemaRegistry(schemas);
  const requestLog = new InMemoryRequestLog();
  const connections = new ConnectionCounter();

  // Base URLs depend on the ports the OS assigns, so handlers wait for the wiring to finish.
  let resolveReady: (value: { deps: EmulatorDeps; public: Router; admin: Router }) => void = () => undefined;
  const ready = new Promise<{ deps: EmulatorDeps; public: Router; admin: Router }>((resolve) => {
    resolveReady = resolve;
  });
  const listeners: Listener[] = [];
  try {
    listeners.push(
      await startListener('public', host, options.publicPort ?? 0, connections, async () => {
        const app = await ready;
        return { deps: app.deps, router: app.public };
      }),
    );
    listeners.push(
      await startListener('admin', host, options.adminPort ?? 0, connections, async () => {
        const app = await ready;
        return { deps: app.deps, router: app.admin };
      }),
    );
  } catch (error) {
    await Promise.all(listeners.map((l) => l.close()));
    throw error;
  }
  const [publicListener, adminListener] = listeners;
  if (!publicListener || !adminListener) throw new Error('listeners failed to start');

  let config: EmulatorConfig;
  try {
    config = resolveConfig(
      options,
      { host, publicPort: publicListener.port, adminPort: adminListener.port },
      schemas,
    );
  } catch (error) {
    // Options refused (e.g. a session JWT template's key): nothing may keep listening.
    await Promise.all(listeners.map((l) => l.close()));
    throw error;
  }
  const deps: EmulatorDeps = {
    config,
    store: new Store(),
    schemas: registry,
    requestLog,
    courier: new Courier(),
    now: options.now ?? (() => new Date()),
    faults: new FaultRegistry({ public: publicListener, admin: adminListener }),
    connections,
  };
  if (options.seedDemoUser === true) await seedDemoUser(deps);
  resolveReady({ deps, public: publicRouter(), admin: adminRouter() });

  return {
    publicUrl: config.publicBaseUrl.replace(/\/$/, ''),
    adminUrl: config.adminBaseUrl.replace(/\/$/, ''),
    requestLog,
    faults: deps.faults,
    connections: () => connections.snapshot(),
    resetConnections: () => {
      connections.reset();
    },
    close: async () => {
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}
