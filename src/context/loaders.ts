/**
 * Per-request loaders. `session` memoises the caller's `whoami`, so `me` selected several times (or needed by
 * several resolvers) costs one Ory call per operation.
 */
import type { Session } from '../ory/models';
import type { OryFrontend } from '../ory/frontend';

export interface Loaders {
  /** The caller's session, or `null` when not signed in; at most one Ory `toSession` call per request. */
  session(): Promise<Session | null>;
}

export function createLoaders(ory: OryFrontend): Loaders {
  let session: Promise<Session | null> | undefined;
  return {
    session: () => (session ??= ory.whoami()),
  };
}
