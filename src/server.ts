/**
 * createServer: the whole facade as an Express app, ready to be mounted or listened on. It never listens
 * itself, so tests drive it with supertest and main.ts decides ports and shutdown.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { ServerConfig } from './config';
import { createContext, type Context } from './context/context';
import { errorHandler, notFound } from './httpErrors';
import { createLogger, type Logger } from './logger';
import { createOryClients } from './ory/clients';
import { formatError } from './plugins/errorMasking';
import { requestLogPlugin } from './plugins/requestLog';
import { assignRequestId, requestIdOf } from './requestId';
import { buildSchema } from './schema';

/** Larger bodies are refused with 413 before parsing: GraphQL operations of this API are small. */
const MAX_BODY = '64kb';

export interface FacadeServer {
  app: express.Express;
  logger: Logger;
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
  };

  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    hideSchemaDetailsFromClientErrors: config.production,
    // Apollo's CSRF prevention stays on: cookie-authenticated browser callers depend on it.
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT and stops Apollo itself, after draining HTTP connections.
    stopOnTerminationSignals: false,
    plugins: [
      requestLogPlugin(logger),
      // Subgraphs would otherwise return timing traces (ftv1) to any client that asks for them.
      ApolloServerPluginInlineTraceDisabled(),
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    assignRequestId(req, res);
    next();
  });
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    cors({ origin: [...config.corsOrigins], credentials: true }),
    express.json({ limit: MAX_BODY }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => Promise.resolve(createContext(contextDeps, req, res, requestIdOf(req))),
    }),
  );
  app.use(notFound);
  app.use(errorHandler(logger));

  return {
    app,
    logger,
    async stop() {
      await apollo.stop();
      clients.close();
    },
  };
}
