/**
 * Who may use the administration API: the matrix of callers over every admin root field, with zero calls to
 * Ory's admin API on every refusal.
 */
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, startFacade, type Facade } from '../harness/facade';
import { newUser, signIn, signUp } from '../harness/fixtures';
import { startDeadUpstream } from '../harness/deadUpstream';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';

let backend: OryBackend;
let facade: Facade;

const ROLE = 'identity-admin';

beforeAll(async () => {
  // The standard profile has a second identity schema, `with-roles`, whose traits include `roles`: a user can
  // give themself a "role" there, where it must not count.
  backend = await startOryBackend();
  facade = await startFacade(backend, { ADMIN_ROLE: ROLE });
});

afterAll(async () => {
  await facade.stop();
  await backend.close();
});

const id = randomUUID();

/** Every administration root field, with arguments that pass validation. */
const OPERATIONS: Array<[string, string]> = [
  ['identity', `{ identity(id: "${id}") { id } }`],
  ['identities', '{ identities(first: 1) { nodes { id } } }'],
  ['session', `{ session(id: "${id}") { id } }`],
  ['sessions', '{ sessions(first: 1) { nodes { id } } }'],
  ['courierMessages', '{ courierMessages(first: 1) { nodes { id } } }'],
  [
    'createIdentity',
    'mutation { createIdentity(input: { schemaId: "default", traits: { email: "matrix@example.test" } }) { id } }',
  ],
  [
    'updateIdentity',
    `mutation { updateIdentity(input: { id: "${id}", schemaId: "default", state: ACTIVE, traits: {} }) { id } }`,
  ],
  [
    'patchIdentity',
    `mutation { patchIdentity(input: { id: "${id}", operations: [{ op: REPLACE, path: "/traits/email", value: "x@example.test" }] }) { id } }`,
  ],
  ['deleteIdentity', `mutation { deleteIdentity(id: "${id}") }`],
  [
    'deleteIdentityCredentials',
    `mutation { deleteIdentityCredentials(input: { id: "${id}", type: PASSWORD }) { id } }`,
  ],
  ['disableSession', `mutation { disableSession(id: "${id}") }`],
  ['extendSession', `mutation { extendSession(id: "${id}") { id } }`],
  ['deleteIdentitySessions', `mutation { deleteIdentitySessions(identityId: "${id}") }`],
  [
    'createRecoveryCodeForIdentity',
    `mutation { createRecoveryCodeForIdentity(input: { identityId: "${id}" }) { recoveryCode } }`,
  ],
  [
    'createRecoveryLinkForIdentity',
    `mutation { createRecoveryLinkForIdentity(input: { identityId: "${id}" }) { recoveryLink } }`,
  ],
];

const adminCalls = () => backend.calls().filter((call) => call.listener === 'admin');

let traitsRoleTokenFromSchema = '';

interface Callers {
  userToken: string;
  traitsRoleToken: string;
  metadataRoleToken: string;
}
let callers: Callers;

beforeAll(async () => {
  const user = newUser('Plain');
  const { token: userToken } = await signUp(facade, user);
  // Traits are the user's to edit: a role there must never count.
  const traitsUser = newUser('Sneaky');
  const { token: traitsRoleToken } = await signUp(facade, traitsUser);
  const withRole = newUser('Operator');
  const sneaky = await facade.gql(
    `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) { id } }`,
    {
      input: {
        schemaId: 'with-roles',
        traits: { email: `roles-${traitsUser.email}`, roles: [ROLE] },
        password: traitsUser.password,
      },
    },
    { admin: true },
  );
  expect(sneaky.errors).toBeUndefined();
  traitsRoleTokenFromSchema = await signIn(facade, { ...traitsUser, email: `roles-${traitsUser.email}` });
  const created = await facade.gql(
    `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) { id metadataPublic } }`,
    {
      input: {
        schemaId: 'default',
        traits: { email: withRole.email },
        password: withRole.password,
        metadataPublic: { roles: [ROLE] },
      },
    },
    { admin: true },
  );
  expect(created.errors).toBeUndefined();
  const metadataRoleToken = await signIn(facade, withRole);
  callers = { userToken, traitsRoleToken, metadataRoleToken };
});

describe('admin authorization', () => {
  it('lists every administration field of the schema in this matrix', async () => {
    const res = await facade.gql(
      '{ __schema { queryType { fields { name description } } mutationType { fields { name description } } } }',
    );
    const fields = [...res.data!.__schema.queryType.fields, ...res.data!.__schema.mutationType.fields]
      .filter((field: { description: string | null }) => field.description?.includes('Administrators only'))
      .map((field: { name: string }) => field.name);
    expect(fields.sort()).toEqual(OPERATIONS.map(([name]) => name).sort());
  });

  it.each(OPERATIONS)(
    'refuses %s to anonymous callers with UNAUTHENTICATED and no admin call',
    async (_name, query) => {
      backend.resetCalls();
      const res = await facade.gql(query);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(backend.calls()).toEqual([]);
    },
  );

  it.each(OPERATIONS)(
    'refuses %s to a signed-in user with FORBIDDEN and no admin call',
    async (_name, query) => {
      backend.resetCalls();
      const res = await facade.gql(query, {}, { token: callers.userToken });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(adminCalls()).toEqual([]);
    },
  );

  it.each(OPERATIONS)('refuses %s to a user with the role in traits', async (_name, query) => {
    backend.resetCalls();
    const res = await facade.gql(query, {}, { token: traitsRoleTokenFromSchema });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(adminCalls()).toEqual([]);
  });

  it.each(OPERATIONS)('lets a user with the role in metadata_public use %s', async (_name, query) => {
    const res = await facade.gql(query, {}, { token: callers.metadataRoleToken });
    const codes = (res.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).not.toContain('FORBIDDEN');
    expect(codes).not.toContain('UNAUTHENTICATED');
  });

  it.each(OPERATIONS)('lets the admin token use %s', async (_name, query) => {
    const res = await facade.gql(query, {}, { admin: true });
    const codes = (res.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).not.toContain('FORBIDDEN');
    expect(codes).not.toContain('UNAUTHENTICATED');
  });

  it('checks the role with a fresh session lookup that bypasses Ory caches', async () => {
    backend.resetCalls();
    await facade.gql('{ identities(first: 1) { nodes { id } } }', {}, { token: callers.metadataRoleToken });
    const whoami = backend.calls().filter((call) => call.path === '/sessions/whoami');
    expect(whoami).toHaveLength(1);
    expect(whoami[0]?.headers['cache-control']).toBe('max-age=0');
  });

  it('refuses a near miss of an admin token locally, never sending it to Ory (ADMIN_ROLE set, or `me`)', async () => {
    const nearMiss = `${ADMIN_TOKEN.slice(0, -1)}x`;
    backend.resetCalls();
    const admin = await facade.gql(
      '{ identities(first: 1) { nodes { id } } }',
      {},
      { headers: { Authorization: `Bearer ${nearMiss}` } },
    );
    expect(admin.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const me = await facade.gql('{ me { id } }', {}, { headers: { Authorization: `Bearer ${nearMiss}` } });
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(me.data).toEqual({ me: null });
    const mine = await facade.gql(
      '{ mySessions { nodes { id } } }',
      {},
      { headers: { 'X-Session-Token': nearMiss } },
    );
    expect(mine.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(backend.calls()).toEqual([]);
  });

  it('still asks Ory about a bearer of the session-token shape that Ory does not know', async () => {
    backend.resetCalls();
    const res = await facade.gql(
      '{ identities(first: 1) { nodes { id } } }',
      {},
      { headers: { Authorization: 'Bearer ory_st_UnknownToken0000000000000000000' } },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(backend.calls().map((call) => call.path)).toEqual(['/sessions/whoami']);
    expect(adminCalls()).toEqual([]);
  });

  it('never sends user credentials to the admin API', async () => {
    backend.resetCalls();
    await facade.gql('{ identities(first: 1) { nodes { id } } }', {}, { token: callers.metadataRoleToken });
    const admin = adminCalls();
    expect(admin.length).toBeGreaterThan(0);
    for (const call of admin) {
      expect(call.headers['x-session-token']).toBeUndefined();
      expect(call.headers.cookie).toBeUndefined();
    }
  });
});

describe('admin-only fields', () => {
  it("refuses metadataAdmin and credentials on the caller's own identity with FORBIDDEN and no admin call", async () => {
    backend.resetCalls();
    const res = await facade.gql(
      '{ me { identity { id metadataAdmin credentials { type } } } }',
      {},
      { token: callers.userToken },
    );
    const codes = (res.errors ?? []).map((error) => error.extensions?.code);
    expect(codes).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(res.data?.me.identity.id).toEqual(expect.any(String));
    expect(adminCalls()).toEqual([]);
  });

  it('makes another identity indistinguishable from a missing one for non-admins (entities)', async () => {
    const other = await facade.gql('{ me { identity { id } } }', {}, { token: callers.traitsRoleToken });
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Identity { id } } }`;
    const existing = await facade.gql(
      query,
      { reps: [{ __typename: 'Identity', id: other.data?.me.identity.id }] },
      { token: callers.userToken },
    );
    const missing = await facade.gql(
      query,
      { reps: [{ __typename: 'Identity', id: randomUUID() }] },
      { token: callers.userToken },
    );
    expect(existing.data).toEqual({ _entities: [null] });
    expect(missing.data).toEqual(existing.data);
  });
});

describe('role check failing closed', () => {
  it('refuses admin fields with UPSTREAM_UNAVAILABLE and no admin call when the session check cannot be made', async () => {
    // Ory's public API (where the session is checked) is down; its admin API is up.
    const dead = await startDeadUpstream();
    const halfDown = await startFacade(
      { publicUrl: dead.url, adminUrl: backend.adminUrl, apiKey: null },
      { ADMIN_ROLE: ROLE },
    );
    try {
      backend.resetCalls();
      const res = await halfDown.gql(
        '{ identities(first: 1) { nodes { id } } }',
        {},
        { token: callers.metadataRoleToken },
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.data).toBeNull();
      expect(adminCalls()).toEqual([]);
    } finally {
      await halfDown.stop();
      await dead.close();
    }
  });
});
