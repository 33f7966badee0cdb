/**
 * Demand control, before anything executes and before any Ory call:
 * - graphql-armor validation rules: depth, aliases (none exempt, `__typename` included), directives; tokens are
 *   graphql-js's parser limit. Every refusal names its limit and value (they are documented in the README, so
 *   hiding them protects nothing and leaves client authors guessing) and carries `extensions.limit`;
 * - an operation cost computed with the request's variables (`first: $n` counts like `first: 100`), because
 *   validation rules are cached per document and never see variables;
 * - page sizes (`first`) within bounds, variables included;
 * - at most one credential-bearing mutation per operation, so aliases cannot multiply password or code guesses.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  getVariableValues,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Config } from '../config';
import { ErrorCode } from '../errors';
import { limitExceeded, type LimitName } from './limitErrors';
import type { Context } from '../context/context';
import { MAX_PAGE_SIZE } from '../resolvers/connection';

/** Mutations that carry a password or a one-time code: one per operation. */
export const CREDENTIAL_MUTATIONS: ReadonlySet<string> = new Set([
  'updateLoginFlow',
  'updateRegistrationFlow',
  'updateRecoveryFlow',
  'updateVerificationFlow',
  'updateSettingsFlow',
]);

/** Rejections before execution: HTTP 400 with a contract code and a message that reveals no limit. */
function rejection(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...(field === undefined ? {} : { field }),
      http: { status: 400 },
    },
  });
}

/** Root fields selected by an operation, through inline fragments and fragment spreads. */
function rootFieldNames(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  seen = new Set<string>(),
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return rootFieldNames(document, selection.selectionSet, seen);
    const name = selection.name.value;
    if (seen.has(name)) return [];
    seen.add(name);
    const fragment = document.definitions.find(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === name,
    );
    return fragment?.kind === Kind.FRAGMENT_DEFINITION
      ? rootFieldNames(document, fragment.selectionSet, seen)
      : [];
  });
}

/** Armor's rejection callbacks, reporting our own error instead of armor's "Syntax Error: ..." message. */
function reportLimit(name: LimitName, max: number, message: string) {
  return {
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null): void => {
        context?.reportError(limitExceeded(name, max, message));
      },
    ],
  };
}

export function armorValidation(limits: Config['limits']): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
} {
  const { maxDepth, maxAliases, maxDirectives } = limits;
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: {
      n: maxDepth,
      flattenFragments: true,
      ...reportLimit(
        'MAX_DEPTH',
        maxDepth,
        `The operation is nested more than ${maxDepth} fields deep (MAX_DEPTH).`,
      ),
    },
    maxAliases: {
      n: maxAliases,
      allowList: [],
      ...reportLimit(
        'MAX_ALIASES',
        maxAliases,
        `The operation uses more than ${maxAliases} aliases (MAX_ALIASES).`,
      ),
    },
    maxDirectives: {
      n: maxDirectives,
      ...reportLimit(
        'MAX_DIRECTIVES',
        maxDirectives,
        `The operation uses more than ${maxDirectives} directives (MAX_DIRECTIVES).`,
      ),
    },
    // Tokens are Apollo's `parseOptions.maxTokens` (a clean 400, named in formatError); cost needs variables
    // (below); suggestions are Apollo's `hideSchemaDetailsFromClientErrors`.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, plugins };
}

export function operationLimitsPlugin(
  schema: GraphQLSchema,
  limits: Config['limits'],
): ApolloServerPlugin<Context> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ document, operation, request, schema: requestSchema }) => {
          if (operation === undefined) return Promise.resolve();
          const combined = combinedCredentialMutations(document, operation);
          if (combined !== null) return Promise.reject(combined);
          // Variables that do not fit their types are the client's mistake, which execution reports as
          // BAD_USER_INPUT (400); the cost estimate below coerces them too and would turn them into a 500.
          const coerced = getVariableValues(
            requestSchema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
          );
          if (coerced.errors !== undefined) return Promise.resolve();
          const violations: string[] = [];
          // A list field costs its page size times its selection; other fields cost one.
          const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
            const first: unknown = args.first;
            if (typeof first !== 'number') return undefined;
            if (first < 1 || first > MAX_PAGE_SIZE)
              violations.push(`first must be between 1 and ${MAX_PAGE_SIZE}.`);
            return 1 + Math.max(1, first) * childComplexity;
          };
          const cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          const [violation] = violations;
          if (violation !== undefined) return Promise.reject(rejection(violation, 'first'));
          if (cost > limits.maxCost)
            return Promise.reject(
              rejection('The operation is too complex: select fewer fields or smaller pages.'),
            );
          return Promise.resolve();
        },
      }),
  };
}

/** The rejection of an operation that selects several credential-bearing mutations, or `null`. */
function combinedCredentialMutations(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): GraphQLError | null {
  if (operation.operation !== OperationTypeNode.MUTATION) return null;
  const credentialFields = rootFieldNames(document, operation.selectionSet).filter((name) =>
    CREDENTIAL_MUTATIONS.has(name),
  );
  return credentialFields.length > 1
    ? rejection(
        'Submit one flow per operation: sign-in, registration, code and settings submissions cannot be combined.',
      )
    : null;
}
