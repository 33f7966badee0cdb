/**
 * Ory sessions for any Node HTTP app: the Node counterpart of the session middleware Ory's Go SDK examples end
 * with (Gin, Echo). The session is loaded through the facade's own Ory layer (the same credential rules,
 * breaker, timeouts and retries as GraphQL), once per request, from the Ory session cookie or a session token
 * (`Authorization: Bearer` or `X-Session-Token`).
 *
 *   const sessions = createOrySessions(deps);
 *   app.use(sessions.middleware);                          // req.orySession: Session | null
 *   app.get('/api/notes', sessions.requireSession(), ...);  // 401 for APIs, a redirect to sign-in for browsers
 *   app.post('/api/transfer', sessions.requireAal2(), ...); // also a second factor
 *   const session = await sessions.getSession(req);         // framework-free
 */
import { randomUUID } from 'node:crypto';
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { ServerConfig } from '../config';
import { createContext, type ContextDependencies } from '../context/context';
import { contextDependencies } from '../context/dependencies';
import { ErrorCode } from '../errors';
import { clientAddress, type ClientAddress } from '../http/clientAddress';
import { createOryClients } from '../ory/clients';
import type { Session } from '../ory/models';
import { savedTraits } from '../traits/identitySchemas';

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller's Ory session, set by `createOrySessions(...).middleware`: `null` when signed out. */
    orySession?: Session | null;
  }
}

/** What Ory says about the caller. A second factor that is still missing is not the same as signed out. */
export type SessionCheck =
  { status: 'signedIn'; session: Session } | { status: 'signedOut' } | { status: 'aal2Required' };

/** HTTP statuses for failures to ask Ory: never answered as "signed out", which would sign people out. */
const FAILURE_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
  [ErrorCode.UPSTREAM_TIMEOUT]: 504,
  [ErrorCode.RATE_LIMITED]: 429,
};

/** Ory could not tell whether the caller is signed in (down, too slow, rate limited, or a bug). */
export class SessionCheckError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SessionCheckError';
    this.httpStatus = FAILURE_STATUS[code] ?? 500;
  }
}

export interface GuardOptions {
  /**
   * Where browsers without a (strong enough) session are sent: by default Ory's browser sign-in,
   * `<ORY_SDK_URL>/self-service/login/browser`. `return_to` (the requested URL) and, for the AAL2 guard,
   * `aal=aal2` are added; Ory only returns to URLs its `selfservice.allowed_return_urls` allows.
   */
  loginUrl?: string;
}

export interface OrySessions {
  /** What Ory says about the caller of `req`; one Ory call per request, however often it is asked. */
  checkSession(req: IncomingMessage, res?: ServerResponse): Promise<SessionCheck>;
  /** The caller's session, or `null` (signed out, or a second factor still missing). */
  getSession(req: IncomingMessage, res?: ServerResponse): Promise<Session | null>;
  /** Express middleware: sets `req.orySession`; answers 503/504/429 itself when Ory cannot be asked. */
  middleware: RequestHandler;
  /** Lets signed-in callers through: others get 401 (APIs) or a redirect to sign in (browser page loads). */
  requireSession(options?: GuardOptions): RequestHandler;
  /** Like `requireSession`, and the session must have a second factor (AAL2): else 403 or a redirect. */
  requireAal2(options?: GuardOptions): RequestHandler;
}

function failure(error: unknown): SessionCheckError {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    return new SessionCheckError(error.extensions.code, error.message);
  }
  return new SessionCheckError(ErrorCode.INTERNAL_SERVER_ERROR, 'The session could not be checked.');
}

/** A page load (a browser navigating), which is sent to sign in; anything else is an API call and gets JSON. */
function isPageLoad(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['json', 'html']) === 'html';
}

function answer(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** The answer when Ory could not be asked: its code and status, never "signed out". */
function unavailable(res: Response, error: unknown): void {
  const known = error instanceof SessionCheckError ? error : failure(error);
  answer(res, known.httpStatus, known.code, known.message);
}

/** Express's `req.ip` (its own `trust proxy` setting) when there is one, else the TCP peer. */
const expressOrPeer: ClientAddress = (req) =>
  'ip' in req && typeof req.ip === 'string' ? req.ip : (req.socket.remoteAddress ?? null);

/**
 * `address` resolves the client IP Ory records on session devices: by default Express's `req.ip`; from the
 * facade's configuration (createOryGraphQL, orySessionsFromConfig) it is TRUST_PROXY's, as for GraphQL.
 */
export function createOrySessions(
  deps: ContextDependencies,
  oryPublicUrl: string,
  address: ClientAddress = expressOrPeer,
): OrySessions {
  const checks = new WeakMap<IncomingMessage, Promise<SessionCheck>>();

  const ask = async (req: IncomingMessage, res: ServerResponse): Promise<SessionCheck> => {
    const context = createContext(deps, req, res, { requestId: randomUUID(), clientIp: address(req) });
    try {
      const session = await context.loaders.session();
      return session === null ? { status: 'signedOut' } : { status: 'signedIn', session };
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.AAL2_REQUIRED) {
        return { status: 'aal2Required' };
      }
      // A credential that cannot be an Ory session token, refused before any Ory call: nobody is signed in.
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED) {
        return { status: 'signedOut' };
      }
      throw failure(error);
    }
  };

  const checkSession = (req: IncomingMessage, res?: ServerResponse): Promise<SessionCheck> => {
    let check = checks.get(req);
    if (check === undefined) {
      // Without a response, cookies Ory might set while answering have nowhere to go and are dropped.
      check = ask(req, res ?? new ServerResponse(req));
      checks.set(req, check);
    }
    return check;
  };

  const signInUrl = (req: Request, options: GuardOptions, aal2: boolean): string => {
    const url = new URL(options.loginUrl ?? `${oryPublicUrl}/self-service/login/browser`);
    if (aal2) url.searchParams.set('aal', 'aal2');
    url.searchParams.set(
      'return_to',
      `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    );
    return url.toString();
  };

  /** The guard for one requirement: `strong` also wants AAL2. */
  const guard =
    (strong: boolean, options: GuardOptions = {}): RequestHandler =>
    (req: Request, res: Response, next: NextFunction): void => {
      checkSession(req, res).then(
        (check) => {
          const session = check.status === 'signedIn' ? check.session : null;
          req.orySession = session;
          const weak = session !== null && strong && session.authenticator_assurance_level !== 'aal2';
          if (session !== null && !weak) {
            next();
            return;
          }
          const needsSecondFactor = weak || check.status === 'aal2Required';
          if (isPageLoad(req)) {
            res.redirect(303, signInUrl(req, options, needsSecondFactor));
          } else if (needsSecondFactor) {
            answer(res, 403, ErrorCode.AAL2_REQUIRED, 'A second factor is required: complete it and retry.');
          } else {
            answer(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in to do this.');
          }
        },
        (error: unknown) => {
          unavailable(res, error);
        },
      );
    };

  return {
    checkSession,
    getSession: async (req, res) => {
      const check = await checkSession(req, res);
      return check.status === 'signedIn' ? check.session : null;
    },
    middleware: (req, res, next) => {
      checkSession(req, res).then(
        (check) => {
          req.orySession = check.status === 'signedIn' ? check.session : null;
          next();
        },
        (error: unknown) => {
          unavailable(res, error);
        },
      );
    },
    requireSession: (options) => guard(false, options),
    requireAal2: (options) => guard(true, options),
  };
}

/**
 * Sessions for an app of its own, from the facade's configuration (`ORY_SDK_URL`, timeouts, token pattern):
 * with its own connections to Ory, which `close()` ends.
 */
export function orySessionsFromConfig(config: ServerConfig): OrySessions & { close(): void } {
  const clients = createOryClients(config);
  return {
    ...createOrySessions(
      contextDependencies(config, clients, savedTraits()),
      config.ory.publicUrl,
      clientAddress(config.trustProxy),
    ),
    close: () => {
      clients.close();
    },
  };
}
