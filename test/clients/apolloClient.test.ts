/**
 * Apollo Client 4 with its normalized cache, as a native-style frontend drives it over HTTP: sign-up, `me`,
 * sign-in, recovery and sign-out, with the `possibleTypes` the schema ships (schema/__generated__) and the
 * documents of test/clients/operations.graphql. Asserts what a UI would render from the cache (every label of the
 * registration form distinct, the caller's addresses intact after listing sessions) and that Apollo Client warns
 * about nothing.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import {
  Kind,
  parse,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { listen } from '../../src/listen';
import { useFacade } from '../harness/facade';
import { newUser } from '../harness/fixtures';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());
let server: Server;
let uri: string;

beforeAll(async () => {
  server = await listen(
    env.facade.app,
    { http: { headersTimeoutMs: 10_000, requestTimeoutMs: 15_000 } },
    0,
    '127.0.0.1',
  );
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The shipped possibleTypes: without them Apollo Client cannot match fragments on unions and interfaces. */
const { possibleTypes } = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'schema', '__generated__', 'possible-types.json'), 'utf8'),
) as { possibleTypes: Record<string, string[]> };

/** One operation of operations.graphql, with the fragments it uses (directly or through other fragments). */
const source = parse(readFileSync(path.join(__dirname, 'operations.graphql'), 'utf8'));
const fragments = new Map(
  source.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .map((d) => [d.name.value, d]),
);

function usedFragments(
  node: ASTNode,
  found = new Map<string, FragmentDefinitionNode>(),
): FragmentDefinitionNode[] {
  visit(node, {
    FragmentSpread(spread) {
      const fragment = fragments.get(spread.name.value);
      if (fragment === undefined || found.has(fragment.name.value)) return;
      found.set(fragment.name.value, fragment);
      usedFragments(fragment, found);
    },
  });
  return [...found.values()];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped results, asserted field by field
function operation(name: string): TypedDocumentNode<any, Record<string, unknown>> {
  const op = source.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (op === undefined) throw new Error(`no operation ${name}`);
  const document: DocumentNode = { kind: source.kind, definitions: [op, ...usedFragments(op)] };
  return document;
}

const warnings: unknown[][] = [];

function client(token?: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: token === undefined ? {} : { 'X-Session-Token': token } }),
    cache: new InMemoryCache({ possibleTypes }),
  });
}

beforeEach(() => {
  warnings.length = 0;
  for (const method of ['warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void warnings.push(args));
  }
});

afterEach(() => {
  jest.restoreAllMocks();
});

interface RenderedNode {
  meta: { label: { text: string } | null };
  attributes: { __typename: string; name?: string; type?: string };
}

/** The labels a registration form shows, read back from the cache. */
function labels(apollo: ApolloClient, flowId: string): string[] {
  const flow = apollo.cache.readFragment<{ ui: { nodes: RenderedNode[] } }>({
    id: apollo.cache.identify({ __typename: 'RegistrationFlow', id: flowId }),
    fragment: gql`
      fragment Labels on RegistrationFlow {
        ui {
          nodes {
            meta {
              label {
                text
              }
            }
            attributes {
              __typename
              ... on UiNodeInputAttributes {
                name
                type
              }
            }
          }
        }
      }
    `,
  });
  return (flow?.ui.nodes ?? [])
    .filter((node) => node.attributes.type !== 'hidden')
    .map((node) => node.meta.label?.text ?? '');
}

it('signs up, reads me, signs in, recovers and signs out through the normalized cache, with no warning', async () => {
  const user = newUser('Apollo');
  const anonymous = client();
  const created = await anonymous.mutate({ mutation: operation('CreateRegistrationFlow') });
  const flowId: string = created.data.createRegistrationFlow.id;
  // Every trait has Ory's label message 1070002: distinct labels prove no text was merged by id.
  expect(labels(anonymous, flowId)).toEqual(['E-Mail', 'Password', 'First Name', 'Last Name', 'Sign up']);

  const signedUp = await anonymous.mutate({
    mutation: operation('SignUp'),
    variables: {
      input: {
        flowId,
        password: { password: user.password, traits: { email: user.email, name: user.name } },
      },
    },
  });
  expect(signedUp.data.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');
  const token: string = signedUp.data.updateRegistrationFlow.sessionToken;

  const signedIn = client(token);
  const me = await signedIn.query({ query: operation('Me') });
  expect(me.data.me.identity.verifiableAddresses).toEqual([
    { __typename: 'VerifiableAddress', id: expect.any(String), value: user.email, verified: false },
  ]);
  // Listing the other sessions must not overwrite the identity's addresses in the cache.
  await signedIn.query({ query: operation('MySessions') });
  const again = await signedIn.query({ query: operation('Me'), fetchPolicy: 'cache-only' });
  expect(again.data.me.identity.verifiableAddresses).toHaveLength(1);

  const loginFlow = await anonymous.mutate({ mutation: operation('CreateLoginFlow') });
  const login = await anonymous.mutate({
    mutation: operation('SignIn'),
    variables: {
      input: {
        flowId: loginFlow.data.createLoginFlow.id,
        password: { identifier: user.email, password: user.password },
      },
    },
  });
  expect(login.data.updateLoginFlow).toMatchObject({
    __typename: 'LoginSuccess',
    session: { identity: { traits: { email: user.email } } },
  });

  const recovery = await anonymous.mutate({ mutation: operation('CreateRecoveryFlow') });
  const recoveryId: string = recovery.data.createRecoveryFlow.id;
  const sent = await anonymous.mutate({
    mutation: operation('RecoveryStep'),
    variables: { input: { flowId: recoveryId, code: { email: user.email } } },
  });
  expect(sent.data.updateRecoveryFlow).toMatchObject({ __typename: 'RecoveryFlow', state: 'SENT_EMAIL' });
  const recovered = await anonymous.mutate({
    mutation: operation('RecoveryStep'),
    variables: { input: { flowId: recoveryId, code: { code: await courierCode(env.backend, user.email) } } },
  });
  const next = recovered.data.updateRecoveryFlow.continueWith.map(
    (item: { __typename: string }) => item.__typename,
  );
  expect(next).toEqual(expect.arrayContaining(['ContinueWithSetOrySessionToken', 'ContinueWithSettingsUi']));

  const out = await signedIn.mutate({ mutation: operation('Logout') });
  expect(out.data.logout.loggedOut).toBe(true);
  await signedIn.clearStore();
  const gone = await signedIn.query({ query: operation('Me'), fetchPolicy: 'network-only' });
  expect(gone.data.me).toBeNull();

  expect(warnings).toEqual([]);
});
