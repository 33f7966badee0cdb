/**
 * Apollo Client 4 with its normalized cache, as a native-style frontend drives it over HTTP: sign-up, `me`,
 * verification, a profile change in settings, sign-in, recovery, the other sessions page by page and sign-out,
 * with the cache configuration the README recommends (./apolloCache: the `possibleTypes` the schema ships and
 * the type policies) and the documents of test/clients/operations.graphql. Asserts what a UI would render from
 * the cache (every label of the registration form distinct, the new name after settings without asking the
 * server, the caller's addresses intact after listing sessions, both pages of sessions merged) and that Apollo
 * Client warns about nothing.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloClient, HttpLink, gql, type TypedDocumentNode } from '@apollo/client';
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
import { createCache } from './apolloCache';

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
    cache: createCache(),
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

it('signs up, verifies, renames, signs in, recovers, lists sessions and signs out through the normalized cache, with no warning', async () => {
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

  // Verification: the flow registration points to, with the code Ory mailed at sign-up.
  const verificationId: string = signedUp.data.updateRegistrationFlow.continueWith.find(
    (item: { __typename: string }) => item.__typename === 'ContinueWithVerificationUi',
  ).flow.id;
  const shown = await signedIn.query({
    query: operation('VerificationFlow'),
    variables: { id: verificationId },
  });
  expect(shown.data.verificationFlow).toMatchObject({ __typename: 'VerificationFlow', state: 'SENT_EMAIL' });
  const verified = await signedIn.mutate({
    mutation: operation('VerificationStep'),
    variables: {
      input: { flowId: verificationId, code: { code: await courierCode(env.backend, user.email) } },
    },
  });
  expect(verified.data.updateVerificationFlow).toMatchObject({
    __typename: 'VerificationFlow',
    state: 'PASSED_CHALLENGE',
  });
  const afterVerification = await signedIn.query({ query: operation('Me'), fetchPolicy: 'network-only' });
  expect(afterVerification.data.me.identity.verifiableAddresses).toMatchObject([
    { value: user.email, verified: true },
  ]);

  // Settings: a new name. The flow's identity is the cached identity (same id), so `me` shows the new name from
  // the cache alone, without asking the server, and keeps its (verified) address.
  const settings = await signedIn.mutate({ mutation: operation('CreateSettingsFlow') });
  const settingsId: string = settings.data.createSettingsFlow.id;
  expect(settings.data.createSettingsFlow).toMatchObject({
    state: 'SHOW_FORM',
    identity: { id: me.data.me.identity.id },
  });
  const renamed = { first: 'Renamed', last: user.name.last };
  const saved = await signedIn.mutate({
    mutation: operation('SettingsStep'),
    variables: { input: { flowId: settingsId, profile: { traits: { email: user.email, name: renamed } } } },
  });
  expect(saved.data.updateSettingsFlow).toMatchObject({
    __typename: 'SettingsFlow',
    state: 'SUCCESS',
    identity: { traits: { name: renamed } },
  });
  const cached = await signedIn.query({ query: operation('Me'), fetchPolicy: 'cache-only' });
  expect(cached.data.me.identity.traits).toEqual({ email: user.email, name: renamed });
  expect(cached.data.me.identity.verifiableAddresses).toMatchObject([{ value: user.email, verified: true }]);

  const loginFlow = await anonymous.mutate({ mutation: operation('CreateLoginFlow') });
  // Always sent by Ory on login flows (non-null in the schema).
  expect(loginFlow.data.createLoginFlow).toMatchObject({
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
  });
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

  // The sign-in and the recovery made two other sessions: listed a page at a time, merged into one list by the
  // connection's type policy, each with the caller's whole identity, so the cached addresses stay intact.
  const firstPage = await signedIn.query({ query: operation('MySessions'), variables: { first: 1 } });
  expect(firstPage.data.mySessions.edges).toHaveLength(1);
  expect(firstPage.data.mySessions.pageInfo.hasNextPage).toBe(true);
  // As `fetchMore` does: to the server (the merged list answers any page from the cache), merged by the policy.
  await signedIn.query({
    query: operation('MySessions'),
    variables: { first: 1, after: firstPage.data.mySessions.pageInfo.endCursor },
    fetchPolicy: 'network-only',
  });
  const listed = signedIn.cache.readQuery<{
    mySessions: { edges: Array<{ node: { id: string; identity: { id: string } } }> };
  }>({ query: operation('MySessions'), variables: { first: 1 } });
  const others = listed?.mySessions.edges.map((edge) => edge.node) ?? [];
  expect(others).toHaveLength(2);
  expect(new Set(others.map((session) => session.id)).size).toBe(2);
  expect(others.map((session) => session.identity.id)).toEqual([
    me.data.me.identity.id,
    me.data.me.identity.id,
  ]);
  expect(others.map((session) => session.id)).not.toContain(me.data.me.id);
  const again = await signedIn.query({ query: operation('Me'), fetchPolicy: 'cache-only' });
  expect(again.data.me.identity.verifiableAddresses).toMatchObject([{ value: user.email, verified: true }]);
  expect(again.data.me.identity.traits).toEqual({ email: user.email, name: renamed });

  const out = await signedIn.mutate({ mutation: operation('Logout') });
  expect(out.data.logout.loggedOut).toBe(true);
  await signedIn.clearStore();
  const gone = await signedIn.query({ query: operation('Me'), fetchPolicy: 'network-only' });
  expect(gone.data.me).toBeNull();

  expect(warnings).toEqual([]);
});
