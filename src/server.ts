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
import { createContext, type Context } from './context/context';
import { errorHandler, notFound } from './httpErrors';
import { createLogger, type Logger } from './logger';
import { createOryClients } from './ory/clients';
import { formatError } from './plugins/errorMasking';
import { maxFieldRepetitions } from './plugins/fieldRepetition';
import { armorValidation, operationLimitsPlugin } from './plugins/queryLimits';
import { requestLogPlugin } from './plugins/requestLog';
import { routerSecretPlugins } from './plugins/routerSecret';
import { assignRequestId, requestIdOf } from './requestId';
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
}

export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<FacadeServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clients = createOryClients(config);
  const contextDeps = {
    clients,
    cookieDomain: config.cookieDomain,
    adminTokenDigests: config.adminTokenDigests,
    adminRole: config.adminRole,
    operationTimeoutMs: config.operationTimeoutMs,
    guard: new BruteForceGuard(config.rateLimits),
    nativeFlowsFromBrowsers: config.nativeFlowsFromBrowsers,
  };
  const schema = buildSchema();
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
      ...routerSecretPlugins(config.routerSecret),
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
  app.use(
    '/graphql',
    cors({ origin: [...config.corsOrigins], credentials: true }),
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: ({ req, res }) =>
        Promise.resolve(
          createContext(contextDeps, req, res, { requestId: requestIdOf(req), clientIp: req.ip ?? null }),
        ),
    }),
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
