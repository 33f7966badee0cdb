/**
 * Trusted documents: the operations a first-party client was built with, from the manifest its build produced.
 * Two formats are read, the ones client tooling writes:
 *
 * - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`):
 *   `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`,
 *   whose ids Apollo Client's persisted-query link sends as `extensions.persistedQuery.sha256Hash`;
 * - GraphQL Code Generator's client preset (`persistedDocuments: true`): `{ "<hash>": "<document>" }`, whose
 *   hashes clients send as `documentId` (with or without a `sha256:` / `sha1:` prefix).
 *
 * A document is trusted when its id is in the manifest, or when its exact text is.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';

export interface TrustedDocuments {
  /** The document with this id (a bare hash or one with an algorithm prefix), or `undefined`. */
  byId(id: string): string | undefined;
  /** Whether a document whose SHA-256 (hex) is `sha256` is in the manifest (by its text or as its id). */
  trustsHash(sha256: string): boolean;
  /** How many documents the manifest holds (for the start-up log). */
  size: number;
}

const ApolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({ id: z.string().min(1), body: z.string().min(1), name: z.string().optional() }).loose(),
  ),
});

const HashMap = z.record(z.string().min(1), z.string().min(1));

/** `sha256:abc` and `abc` name the same document. */
function bareId(id: string): string {
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(colon + 1);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The documents of a manifest's JSON; throws an Error saying what is wrong with it. */
export function trustedDocumentsFrom(json: unknown): TrustedDocuments {
  let entries: [string, string][];
  const apollo = ApolloManifest.safeParse(json);
  if (apollo.success) {
    entries = apollo.data.operations.map((operation) => [operation.id, operation.body]);
  } else {
    const hashes = HashMap.safeParse(json);
    if (!hashes.success) {
      throw new Error(
        "not a manifest: expected Apollo's persisted query manifest or a { hash: document } map (GraphQL Code Generator)",
      );
    }
    entries = Object.entries(hashes.data);
  }
  // A manifest of the wrong file (or of another API) fails here, at start-up, not on the first request.
  for (const [id, body] of entries) {
    try {
      parse(body, { noLocation: true });
    } catch {
      throw new Error(
        `not a manifest of GraphQL documents: the document of ${id.slice(0, 80)} does not parse`,
      );
    }
  }
  const documents = new Map(entries.map(([id, body]) => [bareId(id), body]));
  // Text hashes, so a client that sends a trusted document's full text (APQ's retry, or no ids at all) passes.
  const hashes = new Set([...documents.values()].map(sha256Hex));
  for (const id of documents.keys()) hashes.add(id);
  return {
    byId: (id) => documents.get(bareId(id)),
    trustsHash: (sha256) => hashes.has(sha256),
    size: documents.size,
  };
}

/** Reads the manifest at `path` (TRUSTED_DOCUMENTS); throws an Error naming the file and the problem. */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS: cannot read ${path} as JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    return trustedDocumentsFrom(json);
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS: ${path} is ${(error as Error).message}`, { cause: error });
  }
}
