/**
 * The facade's protections for one schema, configured and one by one: what `apolloOptions()` installs, for a
 * custom Apollo Server that wants only some of them, or another graphql-js server (the validation rules, parse
 * options and error formatter are plain graphql-js; the rest are Apollo Server plugins).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import type { ServerConfig } from '../config';
import type { Context } from '../context/context';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import { formatError } from './errorMasking';
import { maxFieldRepetitions } from './fieldRepetition';
import { armorValidation, operationLimitsPlugin } from './queryLimits';
import { requestLogPlugin } from './requestLog';
import { routerSecretPlugins } from './routerSecret';
import { sessionCachePlugin } from './sessionCache';
import { trustedDocumentsPlugin, type TrustedDocumentsPolicy } from './trustedDocuments';

/** Copies of one field allowed in one selection set (fragments can legitimately repeat a field a few times). */
const MAX_FIELD_REPETITIONS = 10;

export interface OryPlugins {
  /** Masks every error but the contract's codes and Apollo's request errors (Apollo's `formatError`). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** graphql-js validation rules: MAX_DEPTH, MAX_ALIASES, MAX_DIRECTIVES, repeated fields. */
  validationRules: ValidationRule[];
  /** graphql-js parse options: MAX_TOKENS. */
  parseOptions: { maxTokens: number };
  /**
   * The query limits that need Apollo: the reporting of the validation rules above, and the checks that need the
   * request's variables (MAX_COST, MAX_PAGE_SIZE, one credential mutation per operation).
   */
  queryLimits: ApolloServerPlugin<Context>[];
  /** One log line per operation (with its Ory calls), request ids on errors, metrics, the end of the trace. */
  requestLog: ApolloServerPlugin<Context>;
  /** `_service` / `_entities` and federated traces for the router only (ROUTER_SECRET). */
  routerSecret: ApolloServerPlugin<Context>[];
  /** TRUSTED_DOCUMENTS_ONLY's refusals; `null` without a manifest. */
  trustedDocuments: ApolloServerPlugin<Context> | null;
  /** Drops the caller's session-cache entries after mutations; `null` when SESSION_CACHE_TTL is 0. */
  sessionCache: ApolloServerPlugin<Context> | null;
  /** Every plugin above, in the order `apolloOptions()` installs them. */
  all: ApolloServerPlugin<Context>[];
}

export interface OryPluginsOptions {
  logger: Logger;
  metrics: Metrics | null;
  trusted: TrustedDocumentsPolicy | null;
  sessionCache: boolean;
}

export function oryPlugins(
  schema: GraphQLSchema,
  config: ServerConfig,
  options: OryPluginsOptions,
): OryPlugins {
  const armor = armorValidation(config.limits);
  const queryLimits = [...armor.plugins, operationLimitsPlugin(schema, config.limits)];
  const requestLog = requestLogPlugin(options.logger, options.metrics);
  // Without a secret no traces, and in production no federation fields either.
  const routerSecret = routerSecretPlugins(config.routerSecret, config.production);
  const trustedDocuments =
    options.trusted === null ? null : trustedDocumentsPlugin(options.trusted, options.logger);
  const sessionCache = options.sessionCache ? sessionCachePlugin() : null;
  return {
    formatError,
    validationRules: [...armor.validationRules, maxFieldRepetitions(MAX_FIELD_REPETITIONS)],
    parseOptions: { maxTokens: config.limits.maxTokens },
    queryLimits,
    requestLog,
    routerSecret,
    trustedDocuments,
    sessionCache,
    all: [
      ...queryLimits,
      requestLog,
      ...routerSecret,
      ...(trustedDocuments === null ? [] : [trustedDocuments]),
      ...(sessionCache === null ? [] : [sessionCache]),
    ],
  };
}
