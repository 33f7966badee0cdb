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
import { BruteForceGuard } from './context/bruteForce';
import { createDemoHandler } from './demo/demoHandler';
import { createContext, type Context } from './context/context';
import { errorHandler, notFound } from './httpErrors';
import { createLogger, type Logger } from './logger';
import { createOryClients } from './ory/clients';
import { formatError } from './plugins/errorMasking';
import { maxFieldRepetitions } from './plugins/fieldRepetition';
import { armorValidation, operationLimitsPlugin } from './plugins/queryLimits';
import { requestLogPlugin } from './plugins/requestLog';
import { routerSecretPlugins } from './plugins/routerSecret';
import { assignRequestId, requestIdOf, withRequestId } from './requestId';
import { buildSchema } from './schema';

/** Apollo reports at most this many validation errors (then one more saying there were more). */
const MAX_VALIDATION_ERRORS = 3;
/** Copies of one field allowed in one selection set (fragments can legitimately repeat a field a few times). */
const MAX_FIELD_REPETITIONS = 10;

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
  const logger = options.logger ?? createLogger(config.logLevel);
  const clients = createOryClients(config);
  const contextDeps = {
    clients,
    cookieDomain: config.cookieDomain,
    adminTokenDigests: config.adminTokenDigests,
    providerTokenAdminDigests: config.providerTokenAdminDigests,
    adminRole: config.adminRole,
    operationTimeoutMs: config.operationTimeoutMs,
    maxOryCalls: config.limits.maxOryCalls,
    sessionTokenPattern: config.sessionTokenPattern,
    guard: new BruteForceGuard(config.rateLimits),
    nativeFlowsFromBrowsers: config.nativeFlowsFromBrowsers,
  };
  warnAboutRiskySettings(config, logger);
  const schema = buildSchema(config.jsonLimits);
  const armor = armorValidation(config.limits);
  let shuttingDown = false;

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    // No "Did you mean ...?" hints where the schema is not meant to be explored.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    validationRules: [...armor.validationRules, maxFieldRepetitions(MAX_FIELD_REPETITIONS)],
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
    allowBatchedHttpRequests: false,
    // Apollo's CSRF prevention stays on: cookie-authenticated browser callers depend on it.
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT and stops Apollo itself, after draining HTTP connections.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      operationLimitsPlugin(schema, config.limits),
      requestLogPlugin(logger),
      // `_service`, `_entities` and ftv1 traces for the router only (ROUTER_SECRET); no traces without one.
      ...routerSecretPlugins(config.routerSecret, config.production),
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
    const ory = clients.transport.frontendAvailable ? 'ok' : 'unavailable';
    const ready = !shuttingDown && ory === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', ory, draining: shuttingDown });
  });
  const graphql = expressMiddleware(apollo, {
    context: ({ req, res }) =>
      Promise.resolve(
        createContext(contextDeps, req, res, { requestId: requestIdOf(req), clientIp: req.ip ?? null }),
      ),
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
      clients.close();
    },
  };
}
