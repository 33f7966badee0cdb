/**
 * Per-request loaders. `session` memoises the caller's whoami, so `me` selected several times costs one Ory
 * call per operation (none when the session cache has it). `identityById` (administrators only) batches every identity lookup of one tick into one
 * `listIdentities(ids=...)` call, chunked at 500 ids (see MAX_IDS_PER_CALL); `credentialsById` does the same for
 * the credentials of identities that came without them (a page of sessions, federation references).
 */
import DataLoader from 'dataloader';
import { ErrorCode, apiError } from '../errors';
import type { OryAdmin } from '../ory/admin';
import { MAX_IDS_PER_CALL } from '../ory/adminIdentities';
import type { OryFrontend } from '../ory/frontend';
import type { Identity, IdentityCredentials, Session } from '../ory/models';

export interface Loaders {
  /** The caller's session, or `null` when not signed in; at most one Ory `toSession` call per request. */
  session(): Promise<Session | null>;
}

/** Where the caller's session comes from: Ory's whoami, or the session cache in front of it. */
export type SessionSource = (whoami: () => Promise<Session | null>) => Promise<Session | null>;

export function createLoaders(ory: OryFrontend, source: SessionSource = (whoami) => whoami()): Loaders {
  let session: Promise<Session | null> | undefined;
  return {
    session: () => (session ??= source(() => ory.sessions.whoami())),
  };
}

/**
 * Loaders for a caller whose credential cannot be an Ory session token (a near miss of an admin token,
 * `Bearer undefined`, ...): the session is refused with UNAUTHENTICATED, without asking Ory. Answering "signed
 * out" would hide the client's mistake, and the value is never forwarded (it could be a secret).
 */
export function refusedCredentialLoaders(): Loaders {
  return {
    session: () =>
      Promise.reject(
        apiError(
          ErrorCode.UNAUTHENTICATED,
          'The credential sent is not an Ory session token: send a session token (X-Session-Token or ' +
            'Authorization: Bearer), Ory session cookies, or nothing.',
        ),
      ),
  };
}

export interface AdminAccess {
  ory: OryAdmin;
  /** Identities by id; `null` for ids Ory does not know. */
  identityById: DataLoader<string, Identity | null>;
  /** The credentials of identities by id (identifiers only, never secrets); `null` for unknown ids. */
  credentialsById: DataLoader<string, Record<string, IdentityCredentials> | null>;
}

export function createAdminAccess(ory: OryAdmin): AdminAccess {
  const identityById = new DataLoader<string, Identity | null>(
    async (ids) => {
      const found = new Map((await ory.identities.byIds(ids)).map((identity) => [identity.id, identity]));
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: MAX_IDS_PER_CALL },
  );
  const credentialsById = new DataLoader<string, Record<string, IdentityCredentials> | null>(
    async (ids) => {
      const found = new Map(
        (await ory.identities.byIds(ids, true)).map((identity) => [identity.id, identity.credentials ?? {}]),
      );
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: MAX_IDS_PER_CALL },
  );
  return { ory, identityById, credentialsById };
}
