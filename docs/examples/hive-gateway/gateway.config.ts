/**
 * Hive Gateway in front of ory-graphql (subgraph name `ory` in the supergraph): docs/federation.md explains each
 * part. test/federation/hiveGateway.test.ts runs this very file, so it stays what the guide says.
 *
 *   ORY_GRAPHQL_ROUTER_SECRET=<ory-graphql's ROUTER_SECRET> CORS_ORIGINS=https://app.example.com \
 *     npx hive-gateway supergraph
 */
import type { IncomingMessage } from 'node:http';
import { defineConfig, type GatewayPlugin } from '@graphql-hive/gateway';

/** What Hive's Node server puts in the context besides the Fetch API request: the raw request, with its socket. */
interface NodeServerContext {
  req: IncomingMessage;
}

/**
 * The client's address appended to the X-Forwarded-For chain, as a proxy does. ory-graphql (with TRUST_PROXY set
 * to this gateway's address) takes the client from it: without it every client shares the gateway's address for
 * rate limits, and Ory records the gateway as every session's device.
 */
function forwardedFor(request: Request, context: Partial<NodeServerContext>): string | null {
  const chain = request.headers.get('x-forwarded-for');
  const peer = context.req?.socket.remoteAddress;
  if (peer === undefined) return chain;
  return chain === null ? peer : `${chain}, ${peer}`;
}

/**
 * The browser apps (comma-separated origins) that may call the gateway with their users' cookies and read the
 * answers. Hive's default CORS allows every origin, with credentials; with no list, this allows none (apps served
 * from the gateway's own origin need no CORS).
 */
const appOrigins = (process.env.CORS_ORIGINS ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter((origin) => origin !== '');

/**
 * A response that sets cookies (Ory's session and CSRF cookies) must never be cached. Hive relays ory-graphql's
 * `Set-Cookie` headers but not its `Cache-Control`.
 */
const noStoreWithCookies: GatewayPlugin = {
  onResponse({ response }) {
    if (response.headers.has('set-cookie')) response.headers.set('cache-control', 'no-store');
  },
};

/**
 * ory-graphql answers `null` for an identity or session the caller may not see. Hive then keeps the reference
 * (`author: { id }`), fails every non-null field selected in it ("Cannot return null for non-nullable field
 * Identity.traits."), nulls the reference and reports one masked INTERNAL_SERVER_ERROR per field. Apollo Router
 * and @apollo/gateway null the reference too, but report these under `extensions.valueCompletion`, not as
 * errors; this does the same. Errors from ory-graphql itself (FORBIDDEN, UPSTREAM_UNAVAILABLE, ...) are untouched.
 */
const UNRESOLVED_ORY_ENTITY = /^Cannot return null for non-nullable field (Identity|Session)\./;

const oryEntitiesAsNull: GatewayPlugin = {
  onExecute() {
    return {
      onExecuteDone({ result, setResult }) {
        // Incremental delivery (@defer, @stream) keeps Hive's default.
        if (Symbol.asyncIterator in result) return;
        const errors = result.errors ?? [];
        const unresolved = errors.filter((error) => UNRESOLVED_ORY_ENTITY.test(error.message));
        if (unresolved.length === 0) return;
        const others = errors.filter((error) => !unresolved.includes(error));
        const valueCompletion = unresolved.map(({ message, path }) => ({ message, path }));
        const { errors: _all, ...rest } = result;
        setResult({
          ...rest,
          ...(others.length > 0 ? { errors: others } : {}),
          extensions: { ...result.extensions, valueCompletion },
        });
      },
    };
  },
};

export const gatewayConfig = defineConfig<NodeServerContext>({
  supergraph: './supergraph.graphql',
  cors: appOrigins.length > 0 ? { origin: appOrigins, credentials: true } : false,
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName, context }) {
      // The end user's credentials go to ory-graphql only, never to the other subgraphs.
      if (subgraphName !== 'ory') return;
      return {
        // Ory's browser session and CSRF cookies; session tokens and admin tokens.
        cookie: request.headers.get('cookie'),
        authorization: request.headers.get('authorization'),
        'x-session-token': request.headers.get('x-session-token'),
        // Browsers send Origin: ory-graphql refuses them native flows (session tokens) in production.
        origin: request.headers.get('origin'),
        // The user's device, as Ory records it on sessions; the client address for rate limits.
        'user-agent': request.headers.get('user-agent'),
        'x-forwarded-for': forwardedFor(request, context),
        'x-router-secret': process.env.ORY_GRAPHQL_ROUTER_SECRET,
      };
    },
    fromSubgraphsToClient({ response, subgraphName }) {
      if (subgraphName !== 'ory') return;
      // getSetCookie() keeps each cookie separate; an array becomes one header per cookie.
      return { 'set-cookie': response.headers.getSetCookie() };
    },
  },
  plugins: () => [noStoreWithCookies, oryEntitiesAsNull],
});
