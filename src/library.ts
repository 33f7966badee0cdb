/**
 * Library mode: everything the standalone server is made of, for teams that put ory-graphql into their own
 * Apollo Server (or any graphql-js server): the schema (alone or merged with their own types), the context
 * factory, the Apollo options (limits, masking, request log, router secret), the same protections one by one,
 * the client-address resolver of TRUST_PROXY and the session middleware. The standalone server (server.ts) is
 * built from exactly this.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerOptionsWithSchema } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { ConfigError, type ServerConfig } from './config';
import { createContext, type Context } from './context/context';
import { contextDependencies, type SharedState } from './context/dependencies';
import { createSessionCache, type CacheLookup, type SessionCache } from './context/sessionCache';
import { createRedisSessionCache } from './context/redisSessionCache';
import { loadTrustedDocuments, type TrustedDocuments } from './documents/trustedDocuments';
import { createLogger, type Logger } from './logger';
import type { Metrics } from './metrics/metrics';
import { createOrySessions, type OrySessions } from './middleware/orySession';
import { createOryClients } from './ory/clients';
import type { RedisConnections } from './redis/redis';
import type { Tracing } from './tracing/tracing';
import { createTracing } from './tracing/lazyTracing';
import { tracingProblem } from './tracing/tracingConfig';
import * as optional from './optionalModules';
import { clientAddress, type ClientAddress } from './http/clientAddress';
import { oryPlugins, type OryPlugins } from './plugins/oryPlugins';
import { routerSecretPresented } from './plugins/routerSecret';
import { persistedQueryCache, type TrustedDocumentsPolicy } from './plugins/trustedDocuments';
import { assignRequestId, requestIdOf } from './requestId';
import { riskySettings } from './riskySettings';
import { schemaModule, type SubgraphModule } from './schema';
import { loadTraits } from './traits/loadTraits';

/** Apollo reports at most this many validation errors (then one more saying there were more). */
const MAX_VALIDATION_ERRORS = 3;
/**
 * Parsed and validated documents Apollo keeps, measured as Apollo measures them (their JSON size; in memory a
 * parsed document with its token list takes about ten times that): 4 MiB holds a few thousand typical operations,
 * far more than an app sends, and bounds what a stream of never-repeating documents can take (with Apollo's
 * default of 30 MiB, S6 of the benchmarks grew the process by about 190 MiB; with this, about 110 MiB).
 */
const DOCUMENT_CACHE_BYTES = 4 * 1024 * 1024;

/** A module of your own for `buildSchema`: SDL (it may `extend type Identity`) and its resolvers. */
export type { SubgraphModule as GraphQLModule };

export interface OryGraphQL {
  /** Ory's SDL (a federation 2 subgraph's: `@key`, `@tag`, ...), typed traits included. */
  typeDefs: DocumentNode;
  /** Ory's resolvers, scalars and typed traits included. */
  resolvers: SubgraphModule['resolvers'];
  /** The executable schema: Ory's types, plus your own `modules` merged in (as one subgraph). */
  buildSchema(modules?: readonly SubgraphModule[]): GraphQLSchema;
  /**
   * Apollo Server options for `schema`: error masking, the query limits (validation rules, parse options and the
   * operation plugins), the request log, the router secret, CSRF prevention and no batching. Add your own
   * plugins (landing page, ...) to `plugins`.
   */
  apolloOptions(schema: GraphQLSchema): ApolloServerOptionsWithSchema<Context>;
  /** The protections `apolloOptions` installs, one by one, for a custom Apollo Server or another server. */
  plugins(schema: GraphQLSchema): OryPlugins;
  /**
   * The per-request context from a Node request and response (cookies Ory sets are relayed on `res`). Spread it
   * into your own context if you have one: its members do not depend on `this`. The client IP (brute-force
   * limits, Ory's session devices) is `clientAddress(req)`, as TRUST_PROXY says, unless `clientIp` is given.
   */
  context(req: IncomingMessage, res: ServerResponse, clientIp?: string | null): Context;
  /**
   * The client's address as TRUST_PROXY allows it to be known: the TCP peer, or the X-Forwarded-For client when
   * the peer is a listed proxy. What the context and the session middleware use; for your own limits too.
   */
  clientAddress: ClientAddress;
  /** The Prometheus metrics (METRICS), or `null` when they are off; `metrics.registry` is prom-client's. */
  metrics: Metrics | null;
  /** The trusted documents of TRUSTED_DOCUMENTS (by id, for `documentId` requests), or `null` without a manifest. */
  trustedDocuments: TrustedDocuments | null;
  /** The session middleware for routes outside GraphQL (see README, Session middleware). */
  sessions: OrySessions;
  /** Whether Ory's frontend API is reachable as far as the circuit breaker knows (for readiness probes). */
  oryAvailable(): boolean;
  logger: Logger;
  /** Closes the connections to Ory and exports the last traces. */
  close(): Promise<void>;
}

export interface OryGraphQLOptions {
  logger?: Logger;
  /** OpenTelemetry tracing: default, as the OTEL_* environment configures it; `null` for none. */
  tracing?: Tracing | null;
}

/** The trusted-documents policy of the configuration, or `null` without a manifest. */
function trustedDocumentsPolicy(config: ServerConfig): TrustedDocumentsPolicy | null {
  const { manifest, only } = config.trustedDocuments;
  if (manifest === null) return null;
  let documents: TrustedDocuments;
  try {
    documents = loadTrustedDocuments(manifest);
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  return { documents, only, exempt: routerSecretPresented(config.routerSecret) };
}

/** How long start-up waits for Redis before serving without it. */
const REDIS_WAIT_MS = 3000;

/**
 * The session cache of SESSION_CACHE_TTL: in Redis (SESSION_CACHE_STORE=redis), or in the process with its
 * invalidations over Redis when there is one; `null` when off.
 */
function sessionCacheOf(
  config: ServerConfig,
  redis: RedisConnections | null,
  logger: Logger,
  metrics: Metrics | null,
): SessionCache | null {
  const { ttlSeconds, maxEntries, store } = config.sessionCache;
  if (ttlSeconds === 0) return null;
  const onLookup =
    metrics === null
      ? undefined
      : (result: CacheLookup) => {
          metrics.sessionCacheLookup(result);
        };
  if (store === 'redis' && redis !== null) {
    return createRedisSessionCache({
      ttlSeconds,
      logger,
      client: redis.commands,
      keyPrefix: redis.keyPrefix,
      onLookup,
      onFailure: () => metrics?.redisFailure('session_cache'),
    });
  }
  return createSessionCache({
    ttlSeconds,
    maxEntries,
    logger,
    onLookup,
    redis:
      redis === null
        ? null
        : {
            commands: redis.commands,
            subscriber: redis.subscriber,
            channel: `${redis.keyPrefix}session-invalidations`,
            onFailure: () => metrics?.redisFailure('session_cache'),
          },
  });
}

export async function createOryGraphQL(
  config: ServerConfig,
  options: OryGraphQLOptions = {},
): Promise<OryGraphQL> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const tracingIssue = tracingProblem(process.env);
  if (tracingIssue !== null) throw new ConfigError([tracingIssue]);
  // The gauges read the breakers of the clients and the Redis connection, created below: only at scrape time.
  const metrics = config.metrics.enabled
    ? optional
        .metrics()
        .createMetrics(
          (api) => clients.transport.circuitOpen(api),
          config.redis === null ? null : () => redis?.up() ?? false,
        )
    : null;
  const clients = createOryClients(config, metrics === null ? undefined : metrics.oryCall);
  const traits = await loadTraits(config, clients, logger);
  const redis =
    config.redis === null
      ? null
      : optional.redis().connectRedis(config.redis.url, config.redis.keyPrefix, logger);
  const tracing = options.tracing === undefined ? createTracing() : options.tracing;
  const shared: SharedState = { redis, sessionCache: sessionCacheOf(config, redis, logger, metrics) };
  if (redis !== null) {
    // Serving starts either way: the counters fall back as RATE_LIMIT_FAIL_MODE says until Redis is there.
    const ready = await redis.ready(REDIS_WAIT_MS);
    if (!ready) logger.warn({ redis: redis.location }, 'redis not reachable yet: serving without it');
  }
  const deps = contextDependencies(config, clients, traits, metrics, tracing, shared);
  const ory = schemaModule(config.jsonLimits, traits);
  const trusted = trustedDocumentsPolicy(config);
  // One resolver of the client IP for GraphQL and the session middleware, in library mode as standalone.
  const address = clientAddress(config.trustProxy);
  for (const warning of riskySettings(config)) logger.warn(warning);
  if (trusted !== null) {
    logger.info(
      { documents: trusted.documents.size, only: trusted.only },
      trusted.only ? 'trusted documents only' : 'trusted documents loaded (any other document may run too)',
    );
  }

  const pluginsOf = (schema: GraphQLSchema): OryPlugins =>
    oryPlugins(schema, config, {
      logger,
      metrics,
      trusted,
      sessionCache: shared.sessionCache !== null,
    });

  return {
    typeDefs: ory.typeDefs,
    resolvers: ory.resolvers,
    buildSchema: (modules = []) => buildSubgraphSchema([ory, ...modules]),
    apolloOptions: (schema) => {
      const plugins = pluginsOf(schema);
      return {
        schema,
        formatError: plugins.formatError,
        documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_CACHE_BYTES }),
        // Compact JSON (Apollo pretty-prints by default: more bytes and CPU for every answer).
        stringifyResult: (value) => JSON.stringify(value),
        includeStacktraceInErrorResponses: false,
        introspection: config.introspection,
        // No "Did you mean ...?" hints where the schema is not meant to be explored.
        hideSchemaDetailsFromClientErrors: !config.introspection,
        validationRules: plugins.validationRules,
        parseOptions: plugins.parseOptions,
        validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
        allowBatchedHttpRequests: false,
        // With a manifest, documents by id come from it (and with TRUSTED_DOCUMENTS_ONLY, from nowhere else).
        ...(trusted === null ? {} : { persistedQueries: { cache: persistedQueryCache(trusted) } }),
        // Apollo's CSRF prevention stays on: cookie-authenticated browser callers depend on it.
        csrfPrevention: true,
        plugins: plugins.all,
      };
    },
    plugins: pluginsOf,
    context: (req, res, clientIp = address(req)) => {
      const requestId = requestIdOf(req);
      return createContext(deps, req, res, {
        requestId: requestId === 'unknown' ? assignRequestId(req, res) : requestId,
        clientIp,
      });
    },
    metrics,
    trustedDocuments: trusted?.documents ?? null,
    clientAddress: address,
    sessions: createOrySessions(deps, config.ory.publicUrl, address),
    oryAvailable: () => clients.transport.frontendAvailable,
    logger,
    close: async () => {
      clients.close();
      await shared.sessionCache?.close();
      await redis?.close();
      await tracing?.shutdown();
    },
  };
}
