/**
 * The per-request GraphQL context: who is calling, the Ory clients bound to that caller, and the loaders that
 * make repeated lookups within one operation cost one Ory call. Nothing user-specific lives outside it.
 */
import type { IncomingMessage } from 'node:http';
import type { OryClients } from '../ory/clients';
import { OryFrontend } from '../ory/frontend';
import { sessionTokenFrom } from './credentials';
import { createLoaders, type Loaders } from './loaders';

export interface Context {
  /** The request id: echoed in errors (`extensions.requestId`) and in every log line of the request. */
  requestId: string;
  /** Whether the caller presented a usable session token. */
  signedInAttempt: boolean;
  /** Ory's frontend API, bound to the caller's credentials. */
  ory: OryFrontend;
  loaders: Loaders;
}

export interface ContextDependencies {
  clients: OryClients;
}

export function createContext(deps: ContextDependencies, req: IncomingMessage, requestId: string): Context {
  const credential = sessionTokenFrom(req.headers);
  const ory = new OryFrontend(deps.clients.frontend, deps.clients.schemas, {
    sessionToken: credential.kind === 'token' ? credential.token : null,
  });
  return {
    requestId,
    signedInAttempt: credential.kind === 'token',
    ory,
    loaders: createLoaders(ory),
  };
}
