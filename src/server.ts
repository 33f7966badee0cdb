/**
 * createServer: the whole facade as an Express app, ready to be mounted or listened on. It never listens
 * itself, so tests drive it with supertest and main.ts decides ports and shutdown.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { ServerConfig } from './config';
import type { Context } from './context/context';
import { createDemoHandler } from './demo/demoHandler';
import { errorHandler, notFound } from './httpErrors';
import { createOryGraphQL } from './library';
import type { Logger } from './logger';
import { assignRequestId, withRequestId } from './requestId';

export interface FacadeServer {
  app: express.Express;
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

/** Settings that are valid but weaken the facade: said once at start, so operators see them in the log. */
function warnAboutRiskySettings(config: ServerConfig, logger: Logger): void {
  if (config.production && config.routerSecret === null) {
    logger.warn(
      'ROUTER_SECRET is not set: the federation fields _service and _entities are refused. To serve as a ' +
        'federation subgraph, set ROUTER_SECRET and have the router send it as X-Router-Secret.',
    );
  }
  if (typeof config.trustProxy === 'number') {
    logger.warn(
      `TRUST_PROXY is a hop count (${config.trustProxy}): a client that connects directly can choose its own ` +
        'address through X-Forwarded-For. Prefer the addresses or CIDRs of your proxies.',
    );
  }
}

export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<FacadeServer> {
  // The standalone server is library mode plus HTTP: one code path for both.
  const ory = await createOryGraphQL(config, { logger: options.logger });
  const { logger } = ory;
  warnAboutRiskySettings(config, logger);
  const schema = ory.buildSchema();
  let shuttingDown = false;

  const standard = ory.apolloOptions(schema);
  const apollo = new ApolloServer<Context>({
    ...standard,
    // main.ts owns SIGTERM/SIGINT and stops Apollo itself, after draining HTTP connections.
    stopOnTerminationSignals: false,
    plugins: [
      ...(standard.plugins ?? []),
      config.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // Who may tell us the client's address: only the configured proxies (never anyone by default).
  app.set('trust proxy', config.trustProxy);
  app.use((req, res, next) => {
    assignRequestId(req, res);
    // Every answer is JSON or the Sandbox page: never let a browser sniff it into something else.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Liveness is the process alone: restarting the facade never fixes Ory.
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: not while draining, nor while the circuit to Ory's frontend API is open. It makes no Ory call.
  app.get('/health/ready', (_req, res) => {
    const upstream = ory.oryAvailable() ? 'ok' : 'unavailable';
    const ready = !shuttingDown && upstream === 'ok';
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'unavailable', ory: upstream, draining: shuttingDown });
  });
  const graphql = expressMiddleware(apollo, {
    context: ({ req, res }) => Promise.resolve(ory.context(req, res, req.ip ?? null)),
  });
  if (config.demo) {
    // Development only (config refuses DEMO in production): the page at /demo, a browser client of /graphql.
    const demo = createDemoHandler(
      options.demoCourierUrl === undefined ? {} : { courierUrl: options.demoCourierUrl },
    );
    app.use((req, res, next) => {
      if (!demo(req, res)) next();
    });
  }
  app.use(
    '/graphql',
    cors({ origin: [...config.corsOrigins], credentials: true }),
    express.json({ limit: config.limits.maxBodyBytes }),
    // The request id follows Apollo everywhere, into errors it formats before any plugin runs.
    (req, res, next) => withRequestId(req, () => graphql(req, res, next)),
  );
  app.use(notFound);
  app.use(errorHandler(logger));

  return {
    app,
    logger,
    beginShutdown() {
      shuttingDown = true;
    },
    async stop() {
      shuttingDown = true;
      await apollo.stop();
      ory.close();
    },
  };
}
