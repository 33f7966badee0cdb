/**
 * The per-request GraphQL context: who is calling, Ory's APIs bound to that caller, and the loaders that make
 * repeated lookups within one operation cost one Ory call. Nothing user-specific lives outside it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOryAdmin } from '../ory/admin';
import type { OryClients } from '../ory/clients';
import { createOryFrontend, type OryFrontend } from '../ory/frontend';
import type { CallScope, UpstreamStats } from '../ory/transport';
import type { TraitsRuntime } from '../traits/traitsRuntime';
import type { OperationTrace, Tracing } from '../tracing/tracing';
import { ErrorCode, apiError, badInput } from '../errors';
import { attemptsFor, type Attempts, type BruteForceGuard } from './bruteForce';
import { decideAdmin, refusal, type AdminDecision } from './adminGate';
import { createCookieRelay } from './cookieRelay';
import {
  isAdminToken,
  oryCookiesFrom,
  sessionCookieFrom,
  sessionCookiesOf,
  sessionTokenFrom,
} from './credentials';
import {
  createAdminAccess,
  createLoaders,
  refusedCredentialLoaders,
  type AdminAccess,
  type Loaders,
  type SessionSource,
} from './loaders';
import type { CacheTargets, SessionCache } from './sessionCache';

export interface Context {
  /** The request id: echoed in errors (`extensions.requestId`) and in every log line of the request. */
  requestId: string;
  /** Ory calls made for this request, for its log line. */
  upstream: UpstreamStats;
  /** The operation's trace (OpenTelemetry), or null when tracing is off; the request log plugin ends it. */
  trace: OperationTrace | null;
  /** Credential-bearing attempts (sign-in, codes, ...), limited per client IP and per identifier. */
  attempts: Attempts;
  /**
   * The caller's session credential (token, or session cookie), or `null`: the identifier second-factor guesses
   * are counted against, since they guess at one session's factor whatever flow they use.
   */
  sessionKey: string | null;
  /**
   * Tells the session cache (when there is one) what this request changed: `caller`, the caller's own sessions,
   * those of the caller's identity as far as the cache knows it (after every mutation, see
   * src/plugins/sessionCache.ts), with `lookUpCaller` asking for the caller's session first if need be;
   * administrators' revocations and identity changes name what they touched.
   */
  sessionsChanged(targets: CacheTargets & { caller?: boolean; lookUpCaller?: boolean }): Promise<void>;
  /** Ory's frontend API, bound to the caller's credentials. */
  ory: OryFrontend;
  /** Typed traits: `profile` inputs become Ory's traits here. */
  traits: TraitsRuntime;
  loaders: Loaders;
  /**
   * Ory's admin API and the admin loaders, for administrators only: anyone else gets UNAUTHENTICATED or
   * FORBIDDEN here, before any admin call. The decision is made once per request.
   */
  admin(): Promise<AdminAccess>;
  /** Whether the caller is an administrator, for visibility decisions that answer `null` instead of an error. */
  isAdmin(): Promise<boolean>;
  /**
   * The provider tokens of social sign-in connections, for callers with a `PROVIDER_TOKENS_ADMIN_TOKENS` token:
   * anyone else gets FORBIDDEN (or UNAUTHENTICATED) here.
   */
  providerTokens(): Promise<void>;
}

export interface ContextDependencies {
  clients: OryClients;
  traits: TraitsRuntime;
  cookieDomain: string | null;
  adminTokenDigests: readonly Buffer[];
  providerTokenAdminDigests: readonly Buffer[];
  adminRole: string | null;
  operationTimeoutMs: number;
  /** Ory calls one operation may start. */
  maxOryCalls: number;
  /** The shape of an Ory session token: anything else is never forwarded. */
  sessionTokenPattern: RegExp;
  guard: BruteForceGuard;
  nativeFlowsFromBrowsers: boolean;
  /** OpenTelemetry tracing, or null when it is off. */
  tracing: Tracing | null;
  /** The session cache (SESSION_CACHE_TTL), or null when it is off. */
  sessionCache: SessionCache | null;
}

/** What the HTTP layer knows about the request. */
export interface RequestInfo {
  requestId: string;
  /** The client's address, from the TCP peer or TRUST_PROXY's proxy hops only (http/clientAddress.ts). */
  clientIp: string | null;
}

/** User agents are recorded by Ory on session devices; longer ones are cut like Kratos does. */
const MAX_USER_AGENT = 512;

export function createContext(
  deps: ContextDependencies,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
): Context {
  const { requestId } = info;
  const upstream: UpstreamStats = { calls: 0, statuses: [] };
  const trace = deps.tracing?.startOperation(req.headers) ?? null;
  const scope: CallScope = {
    deadlineAt: Date.now() + deps.operationTimeoutMs,
    stats: upstream,
    budget: { left: deps.maxOryCalls, max: deps.maxOryCalls },
    ...(trace === null ? {} : { trace }),
  };
  const userAgent = req.headers['user-agent']?.slice(0, MAX_USER_AGENT) ?? null;
  const adminToken = isAdminToken(req.headers, deps.adminTokenDigests);
  const token = sessionTokenFrom(req.headers, deps.sessionTokenPattern, adminToken);
  // A malformed token still counts as a token: the caller meant to use one, so cookies are not sent.
  const oryCookies = token.kind === 'none' ? oryCookiesFrom(req.headers) : null;
  const ory = createOryFrontend(deps.clients, {
    credentials: { sessionToken: token.kind === 'token' ? token.token : null, oryCookies },
    cookies: createCookieRelay(res, deps.cookieDomain),
    scope,
    device: { ip: info.clientIp, userAgent },
    assertNativeAllowed: () => {
      const fromBrowser = req.headers.origin !== undefined || oryCookiesFrom(req.headers) !== null;
      if (fromBrowser && !deps.nativeFlowsFromBrowsers) {
        throw badInput(
          'Browsers must use browser flows (client: BROWSER) and Ory cookies, not native flows.',
          'client',
        );
      }
    },
  });
  // The credential whoami is asked with, exactly (the session cache's key): a token, else every session cookie
  // sent (there may be several, and Ory picks among them; CSRF cookies do not matter to whoami). A malformed
  // token sends none.
  const credential =
    token.kind === 'token'
      ? `token:${token.token}`
      : oryCookies === null
        ? null
        : sessionCookiesOf(oryCookies);
  const cache = deps.sessionCache;
  const source: SessionSource | undefined =
    cache === null || credential === null ? undefined : (whoami) => cache.lookup(credential, whoami);
  // A malformed token is refused wherever the caller's session is read (`me`, the session middleware, ...);
  // operations that need no session (starting a sign-in) run without it.
  const loaders = token.kind === 'malformed' ? refusedCredentialLoaders() : createLoaders(ory, source);

  let decision: Promise<AdminDecision> | undefined;
  const decide = (): Promise<AdminDecision> =>
    (decision ??= decideAdmin({
      adminToken,
      hasCredentials: token.kind !== 'none' || oryCookies !== null || req.headers.authorization !== undefined,
      adminRole: deps.adminRole,
      freshSession: () => ory.sessions.whoami(true),
    }));
  let access: AdminAccess | undefined;

  return {
    requestId,
    upstream,
    trace,
    attempts: attemptsFor(deps.guard, info.clientIp ?? 'unknown'),
    sessionKey: token.kind === 'token' ? `token:${token.token}` : sessionCookieFrom(req.headers),
    async sessionsChanged({ caller = false, lookUpCaller = false, ...targets }) {
      if (cache === null) return;
      if (!caller || credential === null) {
        await cache.forget(targets);
        return;
      }
      // Asked for through the cache, the caller's session is in it, and forget takes its identity's entries along.
      if (lookUpCaller) await loaders.session().catch(() => null);
      await cache.forget({ ...targets, credentials: [credential] });
    },
    ory,
    traits: deps.traits,
    loaders,
    async admin() {
      const refused = refusal(await decide());
      if (refused !== null) throw refused;
      return (access ??= createAdminAccess(createOryAdmin(deps.clients, scope)));
    },
    async isAdmin() {
      return (await decide()).admin;
    },
    async providerTokens() {
      const refused = refusal(await decide());
      if (refused !== null) throw refused;
      if (!isAdminToken(req.headers, deps.providerTokenAdminDigests)) throw apiError(ErrorCode.FORBIDDEN);
    },
  };
}
