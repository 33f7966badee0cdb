/**
 * The per-request GraphQL context: who is calling, Ory's APIs bound to that caller, and the loaders that make
 * repeated lookups within one operation cost one Ory call. Nothing user-specific lives outside it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOryAdmin } from '../ory/admin';
import type { OryClients } from '../ory/clients';
import { createOryFrontend, type OryFrontend } from '../ory/frontend';
import { decideAdmin, refusal, type AdminDecision } from './adminGate';
import { createCookieRelay } from './cookieRelay';
import { isAdminToken, oryCookiesFrom, sessionTokenFrom } from './credentials';
import { createAdminAccess, createLoaders, type AdminAccess, type Loaders } from './loaders';

export interface Context {
  /** The request id: echoed in errors (`extensions.requestId`) and in every log line of the request. */
  requestId: string;
  /** Ory's frontend API, bound to the caller's credentials. */
  ory: OryFrontend;
  loaders: Loaders;
  /**
   * Ory's admin API and the admin loaders, for administrators only: anyone else gets UNAUTHENTICATED or
   * FORBIDDEN here, before any admin call. The decision is made once per request.
   */
  admin(): Promise<AdminAccess>;
  /** Whether the caller is an administrator, for visibility decisions that answer `null` instead of an error. */
  isAdmin(): Promise<boolean>;
}

export interface ContextDependencies {
  clients: OryClients;
  cookieDomain: string | null;
  adminTokenDigests: readonly Buffer[];
  adminRole: string | null;
}

export function createContext(
  deps: ContextDependencies,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Context {
  const adminToken = isAdminToken(req.headers, deps.adminTokenDigests);
  const token = sessionTokenFrom(req.headers, adminToken);
  // A malformed token still counts as a token: the caller meant to use one, so cookies are not sent.
  const oryCookies = token.kind === 'none' ? oryCookiesFrom(req.headers) : null;
  const ory = createOryFrontend(
    deps.clients,
    { sessionToken: token.kind === 'token' ? token.token : null, oryCookies },
    createCookieRelay(res, deps.cookieDomain),
  );
  const loaders = createLoaders(ory);

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
    ory,
    loaders,
    async admin() {
      const refused = refusal(await decide());
      if (refused !== null) throw refused;
      return (access ??= createAdminAccess(createOryAdmin(deps.clients)));
    },
    async isAdmin() {
      return (await decide()).admin;
    },
  };
}
