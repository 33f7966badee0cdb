/**
 * The router secret (ROUTER_SECRET): the federation surface is for the router only. When a secret is configured,
 * operations that select `_service` (the full SDL, admin types included, introspection or not) or `_entities`
 * (lookups by key) must carry it in `X-Router-Secret`, and only requests carrying it get federated traces
 * (ftv1). Without a secret, production refuses both to everyone (federation is off until a secret is set);
 * development leaves them open, for rover and local gateways. Traces stay off without a secret.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { sha256 } from '../config';
import { ErrorCode, apiError } from '../errors';

export const ROUTER_SECRET_HEADER = 'x-router-secret';

/** The request header with which a router asks a subgraph for an inline trace. */
const TRACE_HEADER = 'apollo-federation-include-trace';

/** The root fields `@apollo/subgraph` adds for routers. */
const FEDERATION_FIELDS: ReadonlySet<string> = new Set(['_service', '_entities']);

type SecretCheck = 'valid' | 'absent' | 'wrong';

/** How a request fares at the federation surface: a secret check, or `disabled` (production, no secret). */
type FederationAccess = SecretCheck | 'disabled';

/** Compares SHA-256 digests in constant time, so neither the secret's length nor a prefix leaks through timing. */
export function checkRouterSecret(presented: string | undefined, digest: Buffer): SecretCheck {
  if (presented === undefined || presented === '') return 'absent';
  return timingSafeEqual(sha256(presented), digest) ? 'valid' : 'wrong';
}

/** Whether a request carries the right router secret (never, without one configured). */
export function routerSecretPresented(
  routerSecret: string | null,
): (headers: HeaderMap | undefined) => boolean {
  if (routerSecret === null) return () => false;
  const digest = sha256(routerSecret);
  return (headers) => checkRouterSecret(headers?.get(ROUTER_SECRET_HEADER), digest) === 'valid';
}

/**
 * Whether the operation selects a federation field at its root, looking through fragments (validation has
 * already refused fragment cycles, and the visited set keeps this finite regardless). Without a resolved
 * operation, every operation of the document is looked at, so the check never fails open.
 */
export function selectsFederationField(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return FEDERATION_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (fragment === undefined || visited.has(name)) return false;
      visited.add(name);
      return walk(fragment.selectionSet);
    });
  const operations =
    operation === undefined
      ? document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      : [operation];
  return operations.some((candidate) => walk(candidate.selectionSet));
}

/**
 * Refuses federation fields without the secret before execution: UNAUTHENTICATED (401) when the header is
 * missing, FORBIDDEN (403) when it is wrong or federation is disabled, as the admin gate answers. It also keeps
 * requests without the secret from asking for a trace. It must come before the inline trace plugin in the plugin
 * list: Apollo starts plugins in list order, and the trace plugin reads the header as soon as it starts.
 */
function federationGuard(access: (presented: string | undefined) => FederationAccess): ApolloServerPlugin {
  return {
    requestDidStart({ request, metrics }) {
      const headers = request.http?.headers;
      const decision = access(headers?.get(ROUTER_SECRET_HEADER));
      if (decision !== 'valid') {
        headers?.delete(TRACE_HEADER);
        // The trace plugin also stands down when traces are explicitly not captured.
        metrics.captureTraces = false;
      }
      return Promise.resolve({
        didResolveOperation({ operation, document }) {
          if (decision === 'valid' || !selectsFederationField(document, operation)) return Promise.resolve();
          const unauthenticated = decision === 'absent';
          // Apollo turns `extensions.http` into the response status and removes it from the error.
          return Promise.reject(
            apiError(
              unauthenticated ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN,
              'This field is for the federation router only.',
              { http: { status: unauthenticated ? 401 : 403 } },
            ),
          );
        },
      });
    },
  };
}

/**
 * The plugins for the router surface, in order. Without a secret, inline tracing is disabled outright: a
 * subgraph would otherwise return timing traces to any client that asks; in production the federation fields
 * are refused too.
 */
export function routerSecretPlugins(routerSecret: string | null, production: boolean): ApolloServerPlugin[] {
  if (routerSecret === null) {
    const disabled = ApolloServerPluginInlineTraceDisabled();
    return production ? [federationGuard(() => 'disabled'), disabled] : [disabled];
  }
  const digest = sha256(routerSecret);
  return [
    federationGuard((presented) => checkRouterSecret(presented, digest)),
    // Error messages in traces stay masked (the plugin's default), as they are for clients.
    ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
  ];
}
