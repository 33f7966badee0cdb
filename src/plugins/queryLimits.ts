/**
 * Demand control, before anything executes and before any Ory call:
 * - graphql-armor validation rules: depth, aliases (none exempt, `__typename` included), directives; tokens are
 *   graphql-js's parser limit. Every refusal names its limit and value (they are documented in the README, so
 *   hiding them protects nothing and leaves client authors guessing) and carries `extensions.limit`;
 * - an operation cost computed with the request's variables (`first: $n` counts like `first: 100`), because
 *   validation rules are cached per document and never see variables; the analysis is cached per document,
 *   operation and the values of the variables it depends on (page sizes, `@include`/`@skip` conditions);
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
  visit,
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
import { limitExceeded, type LimitExtension, type LimitName } from './limitErrors';
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

/** Rejections before execution: HTTP 400 with a contract code, and the limit that was hit when there is one. */
function rejection(message: string, field?: string, limit?: LimitExtension): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...(field === undefined ? {} : { field }),
      ...(limit === undefined ? {} : { limit }),
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

/**
 * The outcome of the demand analysis of one operation with given variable values: a rejection (made into a fresh
 * error for each request, since Apollo consumes `extensions.http`), or none.
 */
type Verdict = { message: string; field?: string; limit?: LimitExtension } | null;

/** Analyses kept per document (documents live in Apollo's own bounded cache, so these go with them). */
interface DocumentAnalyses {
  /** Variables the cost depends on: page sizes (`first`) and `@include` / `@skip` conditions. */
  costVariables: string[];
  verdicts: Map<string, Verdict>;
}

/** Verdicts kept per document: different page sizes of one document are few; beyond this, no more are kept. */
const MAX_VERDICTS_PER_DOCUMENT = 64;

function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Field(node) {
      for (const argument of node.arguments ?? []) {
        if (argument.name.value === 'first' && argument.value.kind === Kind.VARIABLE) {
          names.add(argument.value.name.value);
        }
      }
    },
    Directive(node) {
      if (node.name.value !== 'include' && node.name.value !== 'skip') return;
      for (const argument of node.arguments ?? []) {
        if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      }
    },
  });
  return [...names].sort();
}

export function operationLimitsPlugin(
  schema: GraphQLSchema,
  limits: Config['limits'],
): ApolloServerPlugin<Context> {
  const analyses = new WeakMap<DocumentNode, DocumentAnalyses>();

  const variablesFit = (operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean =>
    getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors === undefined;

  /** The cost analysis as it was before caching: coercion first, then graphql-query-complexity. */
  const analyse = (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ): Verdict | undefined => {
    // Variables that do not fit their types are the client's mistake, which execution reports as
    // BAD_USER_INPUT (400); the cost estimate below coerces them too and would turn them into a 500.
    if (!variablesFit(operation, variables)) return undefined;
    const violations: string[] = [];
    // A list field costs its page size times its selection; other fields cost one.
    const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
      const first: unknown = args.first;
      if (typeof first !== 'number') return undefined;
      if (first < 1 || first > MAX_PAGE_SIZE)
        violations.push(`first must be between 1 and ${MAX_PAGE_SIZE} (MAX_PAGE_SIZE).`);
      return 1 + Math.max(1, first) * childComplexity;
    };
    const cost = getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
    const [violation] = violations;
    if (violation !== undefined) {
      return { message: violation, field: 'first', limit: { name: 'MAX_PAGE_SIZE', max: MAX_PAGE_SIZE } };
    }
    if (cost > limits.maxCost) {
      return {
        message: `The operation costs more than ${limits.maxCost} (MAX_COST; a list costs its page size times its selection): select fewer fields or smaller pages.`,
        limit: { name: 'MAX_COST', max: limits.maxCost },
      };
    }
    return null;
  };

  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ document, operation, request }) => {
          if (operation === undefined) return Promise.resolve();
          const combined = combinedCredentialMutations(document, operation);
          if (combined !== null) return Promise.reject(combined);
          let known = analyses.get(document);
          if (known === undefined) {
            known = { costVariables: costVariablesOf(document), verdicts: new Map() };
            analyses.set(document, known);
          }
          const variables: Record<string, unknown> = request.variables ?? {};
          const operationName = request.operationName ?? undefined;
          // An absent variable (its default applies) and an explicit `null` must not share a verdict.
          const key = JSON.stringify([
            operationName ?? null,
            ...known.costVariables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])),
          ]);
          let verdict = known.verdicts.get(key);
          // A kept rejection holds only if the other variables fit their types too: mistyped ones are left to
          // execution (BAD_USER_INPUT), as without the cache.
          if (verdict != null && !variablesFit(operation, variables)) return Promise.resolve();
          if (verdict === undefined) {
            const fresh = analyse(document, operation, operationName, variables);
            // Mistyped variables are not analysed (execution refuses them), and nothing is kept for them.
            if (fresh === undefined) return Promise.resolve();
            verdict = fresh;
            if (known.verdicts.size < MAX_VERDICTS_PER_DOCUMENT) known.verdicts.set(key, verdict);
          }
          return verdict === null
            ? Promise.resolve()
            : Promise.reject(rejection(verdict.message, verdict.field, verdict.limit));
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
