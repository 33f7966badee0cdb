/**
 * Configuration: the only reader of process.env. Validated with zod at start; every problem is reported on a
 * line of its own and the process stops, so a misconfigured facade never serves traffic.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));

const port = z.coerce.number().int().min(0).max(65535);

/** A whole number within bounds (environment values are strings). */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** One of two settings, unset by default. */
const choice = <const A extends string, const B extends string>(a: A, b: B) =>
  z.enum([a, b], { message: `must be ${a} or ${b}` }).optional();

/** The embedded emulator's settings that Kratos takes once for the whole server (see EmulatorChoices). */
const EMULATOR_CHOICES = [
  'EMULATOR_LOGIN_STYLE',
  'EMULATOR_REGISTRATION_STYLE',
  'EMULATOR_RECOVERY_USE',
  'EMULATOR_VERIFICATION_USE',
  'EMULATOR_CODE_USE',
] as const;

/**
 * Express's `trust proxy`: `false` (default: the TCP peer is the client), a hop count, or a comma-separated list
 * of addresses/CIDRs or Express's names (`loopback`, `linklocal`, `uniquelocal`). `true` (trust everyone) is
 * refused: it would let any client choose its own IP address.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .refine(
    (value) =>
      value === 'false' ||
      /^\d{1,2}$/.test(value) ||
      value
        .split(',')
        .map((part) => part.trim())
        .every((part) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(part)),
    'must be false, a number of proxy hops, or addresses/CIDRs (loopback, uniquelocal, 10.0.0.0/8, ...)',
  )
  .transform((value): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(',').map((part) => part.trim());
  });

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PORT: port.default(4000),
    ORY_SDK_URL: httpUrl.optional(),
    ORY_ADMIN_URL: httpUrl.optional(),
    ORY_API_KEY: z.string().trim().min(1, 'must not be empty').optional(),
    ORY_TIMEOUT_MS: int(100, 60_000).default(3000),
    OPERATION_TIMEOUT_MS: int(500, 120_000).default(10_000),
    ORY_BREAKER_RESET_MS: int(100, 600_000).default(10_000),
    INTROSPECTION: bool.optional(),
    NATIVE_FLOWS_FROM_BROWSERS: bool.optional(),
    TRAITS_SCHEMAS: z.enum(['file', 'served']).default('file'),
    DEMO: bool.optional(),
    TRUST_PROXY: trustProxy,
    MAX_DEPTH: int(2, 100).default(10),
    MAX_ALIASES: int(0, 1000).default(15),
    MAX_DIRECTIVES: int(1, 1000).default(10),
    MAX_TOKENS: int(50, 100_000).default(1000),
    MAX_COST: int(10, 10_000_000).default(10_000),
    MAX_BODY_BYTES: int(1024, 10 * 1024 * 1024).default(64 * 1024),
    MAX_JSON_DEPTH: int(1, 1000).default(32),
    MAX_JSON_VALUES: int(1, 1_000_000).default(10_000),
    MAX_ORY_CALLS: int(1, 1000).default(10),
    HEADERS_TIMEOUT_MS: int(1000, 120_000).default(10_000),
    REQUEST_TIMEOUT_MS: int(1000, 300_000).default(15_000),
    RATE_LIMIT_PER_IP: int(1, 1_000_000).default(20),
    RATE_LIMIT_PER_IDENTIFIER: int(1, 1_000_000).default(5),
    RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: int(1, 1_000_000).default(100),
    RATE_LIMIT_FAIL_MODE: z.enum(['open', 'closed'], { message: 'must be open or closed' }).default('open'),
    REDIS_URL: z
      .string()
      .trim()
      .refine(
        (value) => /^rediss?:\/\//i.test(value) && URL.canParse(value),
        'must be a redis:// or rediss:// URL',
      )
      .optional(),
    REDIS_KEY_PREFIX: z.string().trim().min(1).max(64).default('ory-graphql:'),
    SESSION_CACHE_TTL: int(0, 3600).default(0),
    SESSION_CACHE_MAX_ENTRIES: int(1, 10_000_000).default(10_000),
    SESSION_CACHE_STORE: z
      .enum(['memory', 'redis'], { message: 'must be memory or redis' })
      .default('memory'),
    SESSION_TOKEN_PATTERN: z
      .string()
      .default('^ory_st_[A-Za-z0-9]{1,256}$')
      .refine((value) => {
        try {
          new RegExp(value);
          return true;
        } catch {
          return false;
        }
      }, 'must be a regular expression')
      .transform((value) => new RegExp(value)),
    SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
    ADMIN_TOKENS: csv.refine(
      (tokens) => tokens.every((token) => token.length >= 32),
      'every token must be at least 32 characters long',
    ),
    PROVIDER_TOKENS_ADMIN_TOKENS: csv.refine(
      (tokens) => tokens.every((token) => token.length >= 32),
      'every token must be at least 32 characters long',
    ),
    ADMIN_ROLE: z.string().trim().min(1).optional(),
    ROUTER_SECRET: z.string().trim().min(16, 'must be at least 16 characters long').optional(),
    TRUSTED_DOCUMENTS: z.string().trim().min(1).optional(),
    METRICS: bool.optional(),
    METRICS_PORT: port.optional(),
    TRUSTED_DOCUMENTS_ONLY: bool.optional(),
    COOKIE_DOMAIN: z.string().trim().min(1).optional(),
    CORS_ORIGINS: csv.refine(
      (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
      'must be a comma-separated list of origins such as https://app.example.com (no path, no trailing slash)',
    ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    EMULATOR_PUBLIC_PORT: port.default(4433),
    EMULATOR_ADMIN_PORT: port.default(4434),
    // No defaults here: whether they were set at all matters with ORY_SDK_URL (below).
    EMULATOR_LOGIN_STYLE: choice('unified', 'identifier_first'),
    EMULATOR_REGISTRATION_STYLE: choice('unified', 'profile_first'),
    EMULATOR_RECOVERY_USE: choice('code', 'link'),
    EMULATOR_VERIFICATION_USE: choice('code', 'link'),
    EMULATOR_CODE_USE: choice('passwordless', 'mfa'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.ORY_SDK_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ORY_SDK_URL'],
        message: 'is required when NODE_ENV=production (the embedded Ory emulator is for development only)',
      });
    }
    if (env.TRUSTED_DOCUMENTS_ONLY === true && env.TRUSTED_DOCUMENTS === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUSTED_DOCUMENTS_ONLY'],
        message: 'needs TRUSTED_DOCUMENTS, the manifest of the documents that may run',
      });
    }
    if (env.NODE_ENV === 'production' && env.DEMO === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO'],
        message: 'the demo page is for development only: leave DEMO unset when NODE_ENV=production',
      });
    }
    if (env.OPERATION_TIMEOUT_MS <= env.ORY_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPERATION_TIMEOUT_MS'],
        message: 'must be greater than ORY_TIMEOUT_MS',
      });
    }
    if (env.REQUEST_TIMEOUT_MS < env.HEADERS_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['REQUEST_TIMEOUT_MS'],
        message: 'must not be less than HEADERS_TIMEOUT_MS',
      });
    }
    if (env.RATE_LIMIT_PER_IDENTIFIER_ALL_IPS < env.RATE_LIMIT_PER_IDENTIFIER) {
      ctx.addIssue({
        code: 'custom',
        path: ['RATE_LIMIT_PER_IDENTIFIER_ALL_IPS'],
        message: 'must not be less than RATE_LIMIT_PER_IDENTIFIER',
      });
    }
    if (env.SESSION_CACHE_STORE === 'redis' && env.REDIS_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_CACHE_STORE'],
        message: 'redis needs REDIS_URL, the Redis the replicas share',
      });
    }
    if (env.ORY_ADMIN_URL !== undefined && env.ORY_SDK_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ORY_ADMIN_URL'], message: 'needs ORY_SDK_URL to be set too' });
    }
    // These choose how Ory behaves; with a real Ory they would silently do nothing, so they are refused.
    if (env.ORY_SDK_URL !== undefined) {
      for (const name of EMULATOR_CHOICES) {
        if (env[name] === undefined) continue;
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message:
            "configures the embedded emulator only: with ORY_SDK_URL, set it in Ory's own configuration",
        });
      }
    }
  });

/** Where Ory is: both URLs are known once the server is created (from the environment or the emulator). */
export interface OryEndpoints {
  /** Ory's public (frontend) API base URL, without a trailing slash. */
  publicUrl: string;
  /** Ory's admin API base URL, without a trailing slash (Ory Network: the same as publicUrl). */
  adminUrl: string;
}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  host: string;
  port: number;
  /** `null` when no Ory URL is configured: main.ts then starts the embedded emulator. */
  ory: OryEndpoints | null;
  /** Ory admin API key (Ory Network); never logged, never sent anywhere but Ory's /admin/* paths. */
  oryApiKey: string | null;
  /** Timeout of one call to Ory. */
  oryTimeoutMs: number;
  /** Deadline of one GraphQL operation: all its Ory calls share it. */
  operationTimeoutMs: number;
  /** How long a circuit breaker stays open before letting a trial call through. */
  breakerResetMs: number;
  /** Introspection, field suggestions and the Sandbox landing page (default: on unless production). */
  introspection: boolean;
  /**
   * Whether requests that look like they come from a browser (an `Origin` header or Ory cookies) may use native
   * flows, which hand out session tokens. Off in production: a browser must use browser flows and cookies.
   */
  nativeFlowsFromBrowsers: boolean;
  /**
   * Where the typed traits (`Identity.profile`, `profile` inputs) come from: `file`, the identity schemas saved by
   * `npm run schema:traits` (a stable API); `served`, the schemas Ory serves at start-up (the file if Ory cannot
   * be asked then).
   */
  traitsSchemas: 'file' | 'served';
  /** Serve the demo page at /demo (default: on unless production, where it is refused). */
  demo: boolean;
  /** Express `trust proxy`: who may tell us the client's address (X-Forwarded-For). */
  trustProxy: false | number | string[];
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxCost: number;
    maxBodyBytes: number;
    /** Ory calls one GraphQL operation may make (aliases could otherwise fan one request out to many). */
    maxOryCalls: number;
  };
  /** Bounds of client-supplied JSON values (JSON and JSONObject scalars). */
  jsonLimits: { maxDepth: number; maxValues: number };
  /** Slow clients: how long receiving request headers, and the whole request, may take. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number };
  /** Brute-force limits on credential-bearing mutations (see src/context/bruteForce.ts for the model). */
  rateLimits: {
    /** Attempts per client IP per minute. */
    perIpPerMinute: number;
    /** Failed attempts per identifier (email, flow) from one client IP per 15 minutes. */
    perIdentifierPer15Minutes: number;
    /** Failed attempts per identifier from all client IPs together per 15 minutes (distributed guessing). */
    perIdentifierAllIpsPer15Minutes: number;
  };
  /**
   * Redis, shared by the replicas (REDIS_URL): the brute-force counters, and the session cache's invalidations.
   * `null`: each process keeps its own counters and hears only its own invalidations.
   */
  redis: { url: string; keyPrefix: string } | null;
  /**
   * When Redis cannot be reached: `open` counts attempts in the process meanwhile (limits hold per replica),
   * `closed` refuses credential-bearing attempts with UPSTREAM_UNAVAILABLE until it is back.
   */
  rateLimitFailMode: 'open' | 'closed';
  /**
   * The session cache for `me` (whoami): seconds an answer is reused (0: off), how many are kept per process
   * (`memory`), and where: `memory`, in each process (invalidations over Redis pub/sub when there is one), or
   * `redis`, one cache in Redis for every replica.
   */
  sessionCache: { ttlSeconds: number; maxEntries: number; store: 'memory' | 'redis' };
  /**
   * What an Ory session token looks like. A credential of another shape (a mistyped admin token, say) is never
   * sent to Ory.
   */
  sessionTokenPattern: RegExp;
  shutdownGraceMs: number;
  /** SHA-256 digests of the configured admin tokens: the tokens themselves are not kept in memory. */
  adminTokenDigests: readonly Buffer[];
  /**
   * Digests of the admin tokens that may also read the provider tokens of social sign-in connections (off when
   * empty). These tokens are admin tokens too.
   */
  providerTokenAdminDigests: readonly Buffer[];
  adminRole: string | null;
  routerSecret: string | null;
  /**
   * Trusted documents: the manifest of the first-party clients' operations (TRUSTED_DOCUMENTS, a file path), and
   * whether only those may run (TRUSTED_DOCUMENTS_ONLY; on by default in production when there is a manifest).
   */
  trustedDocuments: { manifest: string | null; only: boolean };
  /**
   * Prometheus metrics at /metrics (METRICS; METRICS_PORT implies it): on the main port, or only on METRICS_PORT
   * when it is set.
   */
  metrics: { enabled: boolean; port: number | null };
  cookieDomain: string | null;
  corsOrigins: readonly string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  emulator: { publicPort: number; adminPort: number; choices: EmulatorChoices };
}

/**
 * What the embedded emulator does where Kratos makes one choice for the whole server (`EMULATOR_LOGIN_STYLE`,
 * ...): the login and registration styles, how recovery and verification send (a code or a link), and whether
 * the code method signs in without a password or is the second factor (Kratos allows one of the two). The same
 * shape as the emulator package's `EmulatorChoices`, written out here: the library's typings (and tarball) must
 * not reference the emulator, which is a development dependency.
 */
export interface EmulatorChoices {
  loginStyle: 'unified' | 'identifier_first';
  registrationStyle: 'unified' | 'profile_first';
  recoveryUse: 'code' | 'link';
  verificationUse: 'code' | 'link';
  code: 'passwordless' | 'mfa';
}

/** The configuration a server runs with: Ory's location is resolved. */
export type ServerConfig = Config & { ory: OryEndpoints };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** SHA-256 digest used to compare secrets in constant time without keeping them around. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Reads and validates the environment. Throws a ConfigError listing every problem (one line each); messages
 * never echo values, so a mistyped secret is not printed.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    ory:
      e.ORY_SDK_URL === undefined
        ? null
        : Object.freeze({ publicUrl: e.ORY_SDK_URL, adminUrl: e.ORY_ADMIN_URL ?? e.ORY_SDK_URL }),
    oryApiKey: e.ORY_API_KEY ?? null,
    oryTimeoutMs: e.ORY_TIMEOUT_MS,
    operationTimeoutMs: e.OPERATION_TIMEOUT_MS,
    breakerResetMs: e.ORY_BREAKER_RESET_MS,
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== 'production',
    trustProxy: e.TRUST_PROXY,
    nativeFlowsFromBrowsers: e.NATIVE_FLOWS_FROM_BROWSERS ?? e.NODE_ENV !== 'production',
    traitsSchemas: e.TRAITS_SCHEMAS,
    demo: e.DEMO ?? e.NODE_ENV !== 'production',
    limits: Object.freeze({
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxDirectives: e.MAX_DIRECTIVES,
      maxTokens: e.MAX_TOKENS,
      maxCost: e.MAX_COST,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxOryCalls: e.MAX_ORY_CALLS,
    }),
    jsonLimits: Object.freeze({ maxDepth: e.MAX_JSON_DEPTH, maxValues: e.MAX_JSON_VALUES }),
    http: Object.freeze({ headersTimeoutMs: e.HEADERS_TIMEOUT_MS, requestTimeoutMs: e.REQUEST_TIMEOUT_MS }),
    rateLimits: Object.freeze({
      perIpPerMinute: e.RATE_LIMIT_PER_IP,
      perIdentifierPer15Minutes: e.RATE_LIMIT_PER_IDENTIFIER,
      perIdentifierAllIpsPer15Minutes: e.RATE_LIMIT_PER_IDENTIFIER_ALL_IPS,
    }),
    redis:
      e.REDIS_URL === undefined ? null : Object.freeze({ url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX }),
    rateLimitFailMode: e.RATE_LIMIT_FAIL_MODE,
    sessionCache: Object.freeze({
      ttlSeconds: e.SESSION_CACHE_TTL,
      maxEntries: e.SESSION_CACHE_MAX_ENTRIES,
      store: e.SESSION_CACHE_STORE,
    }),
    sessionTokenPattern: e.SESSION_TOKEN_PATTERN,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    adminTokenDigests: Object.freeze([...e.ADMIN_TOKENS, ...e.PROVIDER_TOKENS_ADMIN_TOKENS].map(sha256)),
    providerTokenAdminDigests: Object.freeze(e.PROVIDER_TOKENS_ADMIN_TOKENS.map(sha256)),
    adminRole: e.ADMIN_ROLE ?? null,
    routerSecret: e.ROUTER_SECRET ?? null,
    trustedDocuments: Object.freeze({
      manifest: e.TRUSTED_DOCUMENTS ?? null,
      only: e.TRUSTED_DOCUMENTS_ONLY ?? (e.NODE_ENV === 'production' && e.TRUSTED_DOCUMENTS !== undefined),
    }),
    metrics: Object.freeze({
      enabled: e.METRICS ?? e.METRICS_PORT !== undefined,
      port: e.METRICS_PORT ?? null,
    }),
    cookieDomain: e.COOKIE_DOMAIN ?? null,
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    logLevel: e.LOG_LEVEL,
    emulator: Object.freeze({
      publicPort: e.EMULATOR_PUBLIC_PORT,
      adminPort: e.EMULATOR_ADMIN_PORT,
      choices: Object.freeze({
        loginStyle: e.EMULATOR_LOGIN_STYLE ?? 'unified',
        registrationStyle: e.EMULATOR_REGISTRATION_STYLE ?? 'unified',
        recoveryUse: e.EMULATOR_RECOVERY_USE ?? 'code',
        verificationUse: e.EMULATOR_VERIFICATION_USE ?? 'code',
        code: e.EMULATOR_CODE_USE ?? 'passwordless',
      }),
    }),
  });
}

/** Points a configuration at a running Ory (used when main.ts starts the embedded emulator). */
export function withOry(config: Config, ory: OryEndpoints): ServerConfig {
  return Object.freeze({ ...config, ory: Object.freeze({ ...ory }) });
}
