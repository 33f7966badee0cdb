/**
 * Trusted documents (TRUSTED_DOCUMENTS, TRUSTED_DOCUMENTS_ONLY): documents from the manifest can be sent by id
 * (Apollo's `extensions.persistedQuery.sha256Hash`, here through Apollo's persisted-query cache; `documentId` is
 * read by the HTTP layer), and with TRUSTED_DOCUMENTS_ONLY nothing else runs: any other document is refused with
 * OPERATION_NOT_ALLOWED before it runs, and no client can register new ones through APQ. The federation
 * router (with the router secret) is exempt: its query plans are documents of its own making.
 *
 * Without a manifest, nothing changes: Apollo's automatic persisted queries work as they always did (a
 * performance feature, not a safelist).
 */
import type { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Context } from '../context/context';
import type { TrustedDocuments } from '../documents/trustedDocuments';
import { ErrorCode, apiError } from '../errors';
import type { Logger } from '../logger';

/** Apollo prefixes every key of the persisted-query cache. */
const APQ_PREFIX = 'apq:';

/** Documents clients may register through APQ when any document may run (Apollo's own cache holds 30 MiB). */
const REGISTERED_BYTES = 4 * 1024 * 1024;

export interface TrustedDocumentsPolicy {
  documents: TrustedDocuments;
  /** Only trusted documents run. */
  only: boolean;
  /** Requests that may run any document: the federation router's (checked by its secret). */
  exempt: (headers: HeaderMap | undefined) => boolean;
}

/**
 * Apollo's persisted-query cache: the manifest's documents by id first; then, only when any document may run,
 * what clients registered themselves (APQ).
 */
export function persistedQueryCache(policy: TrustedDocumentsPolicy): KeyValueCache {
  const registered = new InMemoryLRUCache<string>({ maxSize: REGISTERED_BYTES });
  return {
    async get(key) {
      const id = key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key;
      return policy.documents.byId(id) ?? (policy.only ? undefined : await registered.get(key));
    },
    async set(key, value, options) {
      if (!policy.only) await registered.set(key, value, options);
    },
    delete: (key) => registered.delete(key),
  };
}

export function trustedDocumentsPlugin(
  policy: TrustedDocumentsPolicy,
  logger: Logger,
): ApolloServerPlugin<Context> {
  return {
    requestDidStart: ({ request }) => {
      if (!policy.only || policy.exempt(request.http?.headers)) return Promise.resolve();
      return Promise.resolve({
        // Apollo's place for refusals (an error thrown earlier, at didResolveSource, becomes a 500): after parsing
        // and validation, which the query limits bound, and before anything runs or Ory is called.
        didResolveOperation: ({ queryHash, contextValue }) => {
          if (policy.documents.trustsHash(queryHash)) return Promise.resolve();
          logger.warn({ requestId: contextValue.requestId }, 'untrusted document refused');
          return Promise.reject(
            apiError(ErrorCode.OPERATION_NOT_ALLOWED, undefined, { http: { status: 400 } }),
          );
        },
      });
    },
  };
}
