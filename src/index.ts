/**
 * ory-graphql as a library: `createOryGraphQL(config)` gives the schema, resolvers, context factory, Apollo
 * options and session middleware to put into your own server; `createServer(config)` the whole standalone
 * facade as a Node request listener. The protections are also exported one by one, for servers that assemble
 * their own. Everything exported here is the public API (README, "Versioning"). See README, "Library mode".
 */
export { createOryGraphQL, type GraphQLModule, type OryGraphQL, type OryGraphQLOptions } from './library';
export { createServer, type FacadeServer, type ServerOptions } from './server';
export { oryPlugins, type OryPlugins, type OryPluginsOptions } from './plugins/oryPlugins';
export { formatError } from './plugins/errorMasking';
export { maxFieldRepetitions } from './plugins/fieldRepetition';
export { armorValidation, operationLimitsPlugin } from './plugins/queryLimits';
export { requestLogPlugin } from './plugins/requestLog';
export { routerSecretPlugins, ROUTER_SECRET_HEADER } from './plugins/routerSecret';
export { sessionCachePlugin } from './plugins/sessionCache';
export {
  persistedQueryCache,
  trustedDocumentsPlugin,
  type TrustedDocumentsPolicy,
} from './plugins/trustedDocuments';
export { createCookieRelay, rewriteCookieDomain } from './context/cookieRelay';
export type { CookieSink } from './ory/caller';
export { clientAddress, type ClientAddress } from './http/clientAddress';
export { httpServerOptions } from './listen';
export { riskySettings } from './riskySettings';
export {
  ConfigError,
  loadConfig,
  withOry,
  type Config,
  type OryEndpoints,
  type ServerConfig,
} from './config';
export type { Context } from './context/context';
export { ErrorCode } from './errors';
export { createLogger, type Logger } from './logger';
export type { Metrics } from './metrics/metrics';
export type { Tracing } from './tracing/tracing';
export { createTracing } from './tracing/lazyTracing';
export type { TrustedDocuments } from './documents/trustedDocuments';
export {
  createOrySessions,
  orySessionsFromConfig,
  SessionCheckError,
  type GuardOptions,
  type OrySessions,
  type SessionCheck,
} from './middleware/orySession';
export type { Identity, Session } from './ory/models';
