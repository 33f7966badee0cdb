/**
 * createServer: the whole facade as a Node request listener on plain node:http (GraphQL at /graphql, the health
 * probes, the demo page in development), ready to be mounted or listened on. It never listens itself, so tests
 * drive it with supertest and main.ts decides ports and shutdown.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import cors from 'cors';
import type { ServerConfig } from './config';
import type { Context } from './context/context';
import { createDemoHandler } from './demo/demoHandler';
import { graphqlHandler } from './http/graphqlHandler';
import { splitRequestUrl } from './http/requestUrl';
import { sendError, sendJson } from './http/respond';
import { createOryGraphQL } from './library';
import type { Logger } from './logger';
import { assignRequestId } from './requestId';

export interface FacadeServer {
  /** The whole facade as a Node request listener (for `http.createServer`, supertest, or your own router). */
  app: RequestListener;
  /** `/metrics` alone, for METRICS_PORT (main.ts listens on it); `null` unless that port is configured. */
  metricsApp: RequestListener | null;
  logger: Logger;
  /** Turns readiness to 503 at once, so load balancers stop sending traffic while requests drain. */
  beginShutdown(): void;
  /** Stops Apollo and closes Ory connections. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  logger?: Logger;
  /**
   * The embedded emulator's admin URL: the demo page then shows the codes Ory's courier sent. Only main.ts sets
   * it, and only with the emulator (a real Ory's courier is none of the page's business).
   */
  demoCourierUrl?: string;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Runs the cors middleware: true when the request goes on to GraphQL, false when cors answered it (a preflight
 * gets its 204 at once, since the options are static, so cors never calls back for it).
 */
function corsGate(middleware: Middleware): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return (req, res) =>
    new Promise((resolve, reject) => {
      middleware(req, res, (error) => {
        if (error === undefined) resolve(true);
        else reject(error instanceof Error ? error : new Error('cors failed'));
      });
      if (res.writableEnded) resolve(false);
    });
}

export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<FacadeServer> {
  // The standalone server is library mode plus HTTP: one code path for both (start-up warnings and the client
  // address of TRUST_PROXY included).
  const ory = await createOryGraphQL(config, { logger: options.logger });
  const { logger } = ory;
  const schema = ory.buildSchema();
  let shuttingDown = false;

  const standard = ory.apolloOptions(schema);
  const apollo = new ApolloServer<Context>({
    ...standard,
    // main.ts owns SIGTERM/SIGINT and stops Apollo itself, after draining HTTP connections.
    stopOnTerminationSignals: false,
    plugins: [
      ...(standard.plugins ?? []),
      // Answers about a caller's identity are never cacheable: every GraphQL answer says `no-store` (see
      // graphqlHandler), so Apollo's cache hints (a hook on every field) would compute nothing we use.
      ApolloServerPluginCacheControlDisabled(),
      config.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  // Who may read the answers from a browser: the configured origins, with credentials (Ory's cookies).
  const corsAllows = corsGate(cors({ origin: [...config.corsOrigins], credentials: true }));
  const graphql = graphqlHandler({
    apollo,
    maxBodyBytes: config.limits.maxBodyBytes,
    documents: ory.trustedDocuments,
    context: (req, res) => ory.context(req, res),
  });
  const demo = config.demo
    ? // Development only (config refuses DEMO in production): the page at /demo, a browser client of /graphql.
      createDemoHandler(options.demoCourierUrl === undefined ? {} : { courierUrl: options.demoCourierUrl })
    : null;

  const serveMetrics = async (res: ServerResponse): Promise<void> => {
    if (ory.metrics === null) return;
    const text = await ory.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': ory.metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  };
  const metricsOnMain = ory.metrics !== null && config.metrics.port === null;

  const route = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const path = splitRequestUrl(req.url).path;
    if (metricsOnMain && path === '/metrics' && req.method === 'GET') {
      await serveMetrics(res);
      return;
    }
    if (path === '/graphql' || path === '/graphql/') {
      if (await corsAllows(req, res)) await graphql(req, res, requestId);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      // Liveness is the process alone: restarting the facade never fixes Ory.
      if (path === '/health/live') {
        sendJson(res, 200, { status: 'ok' });
        return;
      }
      // Readiness: not while draining, nor while the circuit to Ory's frontend API is open. No Ory call.
      if (path === '/health/ready') {
        const upstream = ory.oryAvailable() ? 'ok' : 'unavailable';
        const ready = !shuttingDown && upstream === 'ok';
        sendJson(res, ready ? 200 : 503, {
          status: ready ? 'ok' : 'unavailable',
          ory: upstream,
          draining: shuttingDown,
        });
        return;
      }
    }
    if (demo !== null && demo(req, res)) return;
    sendError(res, 404, 'NOT_FOUND', 'Not found. The GraphQL endpoint is /graphql.', requestId);
  };

  const app: RequestListener = (req, res) => {
    const requestId = assignRequestId(req, res);
    // Every answer is JSON or the Sandbox page: never let a browser sniff it into something else.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    route(req, res, requestId).catch((error: unknown) => {
      logger.error(
        { requestId, err: error instanceof Error ? { type: error.name, message: error.message } : {} },
        'http error',
      );
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.', requestId);
    });
  };

  const metricsApp: RequestListener | null =
    ory.metrics === null || config.metrics.port === null
      ? null
      : (req, res) => {
          const requestId = assignRequestId(req, res);
          if (splitRequestUrl(req.url).path === '/metrics' && req.method === 'GET') {
            serveMetrics(res).catch(() => {
              if (!res.headersSent)
                sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.', requestId);
            });
          } else {
            sendError(res, 404, 'NOT_FOUND', 'Not found. This port serves /metrics only.', requestId);
          }
        };

  return {
    app,
    metricsApp,
    logger,
    beginShutdown() {
      shuttingDown = true;
    },
    async stop() {
      shuttingDown = true;
      await apollo.stop();
      await ory.close();
    },
  };
}
