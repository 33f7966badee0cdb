/**
 * A small supergraph for tests: ory-graphql (the facade, served over real HTTP) composed with a second
 * subgraph written here ("reviews", whose reviews have an `Identity` author), and an in-process
 * `@apollo/gateway` behind Apollo Server + Express. The gateway does what a router deployment must configure:
 * it forwards the end user's `Cookie`, `Authorization`, `X-Session-Token`, `Origin` and `User-Agent`, the client's
 * address (X-Forwarded-For) and the router secret to the subgraphs, and relays every `Set-Cookie` of a subgraph
 * response to the client as its own header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { composeServices } from '@apollo/composition';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Logger } from '@apollo/utils.logger';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { Kind, parse, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { servedSubgraphSdl } from '../../src/printSubgraphSchema';
import { ADMIN_TOKEN } from '../harness/facade';
import { listen, type Listening } from '../harness/listen';
import type { CookieJar } from '../harness/cookieJar';

/** The router secret test facades are configured with (ROUTER_SECRET, at least 16 characters). */
export const ROUTER_SECRET = 'test-router-secret-0123456789abcdef';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export { listen, type Listening };

export interface Subgraph {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

/** ory-graphql's subgraph SDL, as `_service { sdl }` gives it to a router. */
export function orySubgraph(url: string): Subgraph {
  return { name: 'ory', url, typeDefs: parse(servedSubgraphSdl()) };
}

const AUTHORIZATION_DIRECTIVES: ReadonlySet<string> = new Set(['authenticated', 'requiresScopes']);

/**
 * The subgraph without `@authenticated` / `@requiresScopes` (uses and `@link` imports). `@apollo/gateway` cannot
 * enforce them and so refuses any supergraph that has them (their `@link` is `for: SECURITY`); a gateway
 * deployment composes this variant, and ory-graphql's resolvers keep enforcing the same rules.
 */
export function withoutAuthorizationDirectives(subgraph: Subgraph): Subgraph {
  const typeDefs = visit(subgraph.typeDefs, {
    Directive(node) {
      return AUTHORIZATION_DIRECTIVES.has(node.name.value) ? null : undefined;
    },
    ListValue(node) {
      const values = node.values.filter(
        (value) => !(value.kind === Kind.STRING && AUTHORIZATION_DIRECTIVES.has(value.value.slice(1))),
      );
      return values.length === node.values.length ? undefined : { ...node, values };
    },
  });
  return { ...subgraph, typeDefs };
}

export interface Review {
  id: string;
  body: string;
  authorId: string;
}

/**
 * A subgraph that references ory-graphql's Identity by key. `author` is nullable on purpose: ory-graphql
 * answers `null` for identities the caller may not see, and a non-null reference would null out the whole list.
 */
export const REVIEWS_TYPE_DEFS = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Review {
    id: ID!
    body: String!
    author: Identity
  }

  type Identity @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    reviews: [Review!]!
  }
`);

export async function startReviewsSubgraph(reviews: readonly Review[]): Promise<Listening & Subgraph> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([
      {
        typeDefs: REVIEWS_TYPE_DEFS,
        resolvers: {
          Query: { reviews: () => reviews },
          Review: { author: (review: Review) => ({ __typename: 'Identity', id: review.authorId }) },
        },
      },
    ]),
    logger: silent,
  });
  await server.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(server));
  const listening = await listen(app);
  return {
    name: 'reviews',
    typeDefs: REVIEWS_TYPE_DEFS,
    url: listening.url,
    close: async () => {
      await listening.close();
      await server.stop();
    },
  };
}

export interface Supergraph {
  /** What a router or gateway loads. */
  supergraphSdl: string;
  /** The schema clients see: `@inaccessible` elements and federation internals removed. */
  apiSchema: GraphQLSchema;
}

/** Composes subgraphs, failing with composition's own messages. */
export function composeSupergraph(subgraphs: readonly Subgraph[]): Supergraph {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (result.errors !== undefined) {
    throw new Error(`composition failed:\n${result.errors.map((error) => error.message).join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, apiSchema: result.schema.toAPISchema().toGraphQLJSSchema() };
}

/** What the gateway keeps per request: the client's request and the response it will write. */
interface GatewayContext {
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * What docs/federation.md has routers forward: the end user's credentials, `Origin` (browsers are refused native
 * flows in production) and `User-Agent` (Ory's session devices), as they came; and X-Forwarded-For, below.
 */
const FORWARDED_HEADERS = ['cookie', 'authorization', 'x-session-token', 'origin', 'user-agent'] as const;

class CredentialForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly routerSecret: string | null,
  ) {
    // Node's fetch: its response headers have getSetCookie(), which keeps each Set-Cookie separate.
    super({ url, fetcher: fetch });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (headers === undefined) return;
    for (const name of FORWARDED_HEADERS) {
      const value = context.req?.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    // The client's address appended to the chain, as a proxy does (the facade believes it with TRUST_PROXY only).
    const peer = context.req?.socket.remoteAddress;
    const chain = context.req?.headers['x-forwarded-for'];
    if (peer !== undefined)
      headers.set('x-forwarded-for', typeof chain === 'string' ? `${chain}, ${peer}` : peer);
    if (this.routerSecret !== null) headers.set('x-router-secret', this.routerSecret);
  }

  override didReceiveResponse: RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse'] = ({
    response,
    context,
  }) => {
    const headers = response.http?.headers;
    if (headers instanceof Headers && !context.res.headersSent) {
      for (const cookie of headers.getSetCookie()) context.res.appendHeader('Set-Cookie', cookie);
    }
    return response;
  };
}

export interface Gateway extends Listening {
  /** Sends an operation to the gateway as a client would (fetch), with the client's credentials. */
  gql(query: string, variables?: Record<string, unknown>, options?: ClientOptions): Promise<ClientResponse>;
}

export interface ClientOptions {
  token?: string;
  admin?: boolean;
  jar?: CookieJar;
}

export interface ClientResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are untyped JSON, asserted field by field
  data: Record<string, any> | null | undefined;
  errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
  /** Every `Set-Cookie` header of the response, one entry per header. */
  setCookies: string[];
}

/** Sends a GraphQL request with fetch: `getSetCookie()` shows whether cookies came as separate headers. */
export async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: ClientOptions & { headers?: Record<string, string> } = {},
): Promise<ClientResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
  if (options.token !== undefined) headers['X-Session-Token'] = options.token;
  if (options.admin === true) headers.Authorization = `Bearer ${ADMIN_TOKEN}`;
  const cookie = options.jar?.header();
  if (cookie !== undefined && cookie !== '') headers.Cookie = cookie;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const setCookies = response.headers.getSetCookie();
  options.jar?.store(setCookies);
  const body = (await response.json()) as Pick<ClientResponse, 'data' | 'errors'>;
  return { status: response.status, data: body.data, errors: body.errors, setCookies };
}

export async function startGateway(supergraphSdl: string, routerSecret: string | null): Promise<Gateway> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: silent,
    buildService: ({ url }) => new CredentialForwardingDataSource(url ?? '', routerSecret),
  });
  const server = new ApolloServer<GatewayContext>({ gateway, logger: silent });
  await server.start();
  const app = express();
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(server, { context: ({ req, res }) => Promise.resolve({ req, res }) }),
  );
  const listening = await listen(app);
  return {
    ...listening,
    gql: (query, variables, options) => post(listening.url, query, variables, options),
    close: async () => {
      await listening.close();
      await server.stop();
    },
  };
}
