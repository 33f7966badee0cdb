/**
 * The GraphQL endpoint on plain node:http: Apollo Server's `executeHTTPGraphQLRequest` (what every Apollo
 * integration calls) behind our own body reading, without Express's router, body parser, ETag or content
 * negotiation, which together cost more CPU than Apollo itself on a simple query.
 *
 * Errors Apollo answers before any plugin runs (CSRF prevention, a malformed request, a failed context) get the
 * request id here; every other error gets it from the request-id plugin, from the context.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { TrustedDocuments } from '../documents/trustedDocuments';
import { isRecord } from '../ory/oryError';
import { BodyError, readJsonBody } from './body';
import { splitRequestUrl } from './requestUrl';
import { sendError } from './respond';

export interface GraphQLHandlerOptions<TContext extends object> {
  apollo: ApolloServer<TContext>;
  maxBodyBytes: number;
  /** The trusted documents, for requests that name theirs by `documentId`; `null` without a manifest. */
  documents: TrustedDocuments | null;
  context: (req: IncomingMessage, res: ServerResponse) => TContext;
}

export type GraphQLHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  const raw = req.headers;
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers.set(name, typeof value === 'string' ? value : value.join(', '));
  }
  return headers;
}

/** Adds the request id to the errors of an answer Apollo gave before any plugin ran (rare: 4xx/5xx only). */
function withRequestId(text: string, requestId: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (!isRecord(body) || !Array.isArray(body.errors)) return text;
    for (const error of body.errors as unknown[]) {
      if (!isRecord(error)) continue;
      const extensions = isRecord(error.extensions) ? error.extensions : {};
      error.extensions = { ...extensions, requestId: extensions.requestId ?? requestId };
    }
    return JSON.stringify(body);
  } catch {
    return text;
  }
}

type Resolved = { body: unknown } | { code: string; message: string };

/**
 * A POST that names its document by `documentId` (GraphQL Code Generator's persisted documents) gets the
 * document's text from the manifest here; Apollo reads only `query` (and its own APQ extension).
 */
function withDocument(body: unknown, documents: TrustedDocuments | null): Resolved {
  if (!isRecord(body) || typeof body.documentId !== 'string' || body.query !== undefined) return { body };
  if (documents === null) {
    return {
      code: 'PERSISTED_QUERY_NOT_SUPPORTED',
      message: 'This server has no trusted documents (TRUSTED_DOCUMENTS): send the query itself.',
    };
  }
  const query = documents.byId(body.documentId);
  if (query === undefined) {
    return { code: 'PERSISTED_QUERY_NOT_FOUND', message: 'No trusted document has this documentId.' };
  }
  const { documentId: _documentId, ...rest } = body;
  return { body: { ...rest, query } };
}

async function write(res: ServerResponse, response: HTTPGraphQLResponse, requestId: string): Promise<void> {
  const status = response.status ?? 200;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  // Who the caller is, their sessions, flows with CSRF tokens: no shared or browser cache may keep any of it.
  res.setHeader('cache-control', 'no-store');
  if (response.body.kind === 'complete') {
    const text = status >= 400 ? withRequestId(response.body.string, requestId) : response.body.string;
    res.writeHead(status, { 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  // Incremental delivery (@defer): chunks as Apollo produces them.
  res.writeHead(status);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function graphqlHandler<TContext extends object>(
  options: GraphQLHandlerOptions<TContext>,
): GraphQLHandler {
  const { apollo, maxBodyBytes, context, documents } = options;
  return async (req, res, requestId) => {
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      // Whatever is left of an unread body is not worth reading: close the connection after answering.
      res.setHeader('connection', 'close');
      sendError(res, error.status, 'BAD_REQUEST', error.message, requestId);
      return;
    }
    const resolved = withDocument(body, documents);
    if ('code' in resolved) {
      sendError(res, 400, resolved.code, resolved.message, requestId);
      return;
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers: headerMapOf(req),
        // Apollo parses GET operations from the query string.
        search: splitRequestUrl(req.url).search,
        body: resolved.body,
      },
      context: () => Promise.resolve(context(req, res)),
    });
    await write(res, response, requestId);
  };
}
