/**
 * ory-graphql as a library: `createOryGraphQL(config)` gives the schema, resolvers, context factory, Apollo
 * options and session middleware to put into your own server; `createServer(config)` the whole standalone
 * facade as a Node request listener. See README, "Library mode".
 */
export { createOryGraphQL, type GraphQLModule, type OryGraphQL, type OryGraphQLOptions } from './library';
export { createServer, type FacadeServer, type ServerOptions } from './server';
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
export { createTracing, type Tracing } from './tracing/tracing';
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
