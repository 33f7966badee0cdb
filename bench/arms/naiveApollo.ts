/**
 * The naive GraphQL baseline: Apollo Server 5's standalone server with one resolver (`me`) calling whoami through
 * a keep-alive node:http agent. No limits, no masking, no breakers: what Apollo costs on its own.
 */
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLScalarType } from 'graphql';

const [port, publicUrl] = [Number(process.argv[2]), process.argv[3]!];
// `timeout`: idle pooled sockets close before the emulator's 5 s keep-alive timeout (as in rawProxy.ts).
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, timeout: 4_000 });

const typeDefs = `#graphql
  scalar JSONObject
  type Identity { id: ID! traits: JSONObject! }
  type Session { id: ID! active: Boolean! expiresAt: String identity: Identity }
  type Query { me: Session }
`;

function whoami(headers: http.OutgoingHttpHeaders): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${publicUrl}/sessions/whoami`,
      { agent, headers: { accept: 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve(res.statusCode === 200 ? JSON.parse(Buffer.concat(chunks).toString()) : null);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

interface Ctx {
  headers: http.OutgoingHttpHeaders;
}

const server = new ApolloServer<Ctx>({
  typeDefs,
  resolvers: {
    JSONObject: new GraphQLScalarType({ name: 'JSONObject', serialize: (value) => value }),
    Query: { me: (_parent, _args, ctx: Ctx) => whoami(ctx.headers) },
    Session: { expiresAt: (s: { expires_at?: string }) => s.expires_at ?? null },
  },
});

void startStandaloneServer(server, {
  listen: { port, host: '127.0.0.1' },
  context: ({ req }) => {
    const token = req.headers['x-session-token'];
    const headers: http.OutgoingHttpHeaders =
      typeof token === 'string'
        ? { 'x-session-token': token }
        : req.headers.cookie === undefined
          ? {}
          : { cookie: req.headers.cookie };
    return Promise.resolve({ headers });
  },
});
