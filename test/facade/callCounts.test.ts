/**
 * The upstream call counts the benchmark's scenarios claim (BENCHMARKS.md), exact against the emulator and real
 * Kratos alike: a page of identities with their credentials is one call (S8), a page of sessions with their
 * identities at most two (S4), identity references one call per 500 (S5), and identities with their sessions one
 * call per identity, run in parallel in bounded waves (S3).
 */
import { randomUUID } from 'node:crypto';
import { useFacade } from '../harness/facade';
import { createIdentities, newUser, signUp } from '../harness/fixtures';
import { startOryBackend, type OryBackend, type UpstreamCall } from '../harness/oryBackend';
import { MAX_CONCURRENT_CALLS, OryTransport, type CallScope } from '../../src/ory/transport';

const env = useFacade(() => startOryBackend());

const users: Array<{ email: string; identityId: string }> = [];

beforeAll(async () => {
  for (const name of ['Cal', 'Cleo', 'Cyd']) {
    const user = newUser(name);
    const { identityId } = await signUp(env.facade, user);
    users.push({ email: user.email, identityId });
  }
}, 30_000);

beforeEach(() => {
  env.backend.resetCalls();
});

const ids = () => users.map((user) => user.identityId);
const described = (calls: UpstreamCall[]) => calls.map((call) => `${call.method} ${call.path}`);

describe('credentials of a page of identities (S8)', () => {
  it('come with the page: one listIdentities call, which asks for no secret', async () => {
    const res = await env.facade.gql(
      'query ($ids: [ID!]) { identities(first: 20, filter: { ids: $ids }) { nodes { id credentials { type identifiers } } } }',
      { ids: ids() },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const nodes: Array<{ id: string; credentials: unknown[] }> = res.data?.identities.nodes;
    expect(nodes.map((node) => node.id).sort()).toEqual([...ids()].sort());
    for (const user of users) {
      expect(nodes.find((node) => node.id === user.identityId)?.credentials).toContainEqual({
        type: 'PASSWORD',
        identifiers: [user.email],
      });
    }
    const calls = env.backend.calls();
    expect(described(calls)).toEqual(['GET /admin/identities']);
    // `code_recovery` lists credentials without declassifying any type's configuration.
    expect(calls[0]?.query.include_credential).toBe('code_recovery');
    expect(res.text).not.toMatch(/hashed_password|\$scrypt|\$2a\$/);
  });

  it('come with the page when selected through fragments and edges', async () => {
    const res = await env.facade.gql(
      `query ($ids: [ID!]) { identities(first: 20, filter: { ids: $ids }) { edges { node { ...Creds } } } }
       fragment Creds on Identity { id credentials { type } }`,
      { ids: ids() },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.identities.edges).toHaveLength(users.length);
    expect(described(env.backend.calls())).toEqual(['GET /admin/identities']);
  });

  it('are not asked for when the page does not select them', async () => {
    const res = await env.facade.gql(
      'query ($ids: [ID!]) { identities(first: 20, filter: { ids: $ids }) { nodes { id } } }',
      { ids: ids() },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const calls = env.backend.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.query.include_credential).toBeUndefined();
  });

  it('of identities reached another way cost one batched call for all of them', async () => {
    const res = await env.facade.gql(
      '{ sessions(first: 100) { nodes { id identity { id credentials { type } } } } }',
      {},
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.sessions.nodes.length).toBeGreaterThanOrEqual(users.length);
    expect(described(env.backend.calls())).toEqual(['GET /admin/sessions', 'GET /admin/identities']);
  });
});

/** An identity with a password and a social sign-in credential, imported through Ory's admin API. */
async function importWithProvider(backend: OryBackend, subject: string): Promise<string> {
  const response = await fetch(new URL('/admin/identities', backend.adminUrl), {
    method: 'POST',
    headers: adminHeaders(backend),
    body: JSON.stringify({
      schema_id: 'default',
      traits: { email: newUser('Social').email },
      credentials: {
        password: { config: { password: `pw-${randomUUID()}` } },
        oidc: { config: { providers: [{ provider: 'github', subject }] } },
      },
    }),
  });
  const body = (await response.json()) as { id?: string };
  if (body.id === undefined) throw new Error(`import failed: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

function adminHeaders(backend: OryBackend): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (backend.apiKey !== null) headers.Authorization = `Bearer ${backend.apiKey}`;
  return headers;
}

describe('credentials of a page of identities with social sign-in (S8)', () => {
  const CONNECTIONS = 'credentials { type identifiers connections { provider subject organization } }';

  it('Ory lists every credential with its identifiers and no configuration', async () => {
    const subject = `gh-${randomUUID()}`;
    const id = await importWithProvider(env.backend, subject);
    const url = new URL('/admin/identities', env.backend.adminUrl);
    url.searchParams.set('ids', id);
    url.searchParams.set('include_credential', 'code_recovery');
    const response = await fetch(url, { headers: adminHeaders(env.backend) });
    expect(response.status).toBe(200);
    const [identity] = (await response.json()) as Array<{
      credentials?: Record<string, { identifiers?: string[]; config?: unknown }>;
    }>;
    const credentials = identity?.credentials ?? {};
    expect(Object.keys(credentials).sort()).toEqual(['oidc', 'password']);
    expect(credentials.oidc?.identifiers).toEqual([`github:${subject}`]);
    for (const credential of Object.values(credentials)) {
      const config = credential.config;
      // Kratos sends `{}` or nothing: no hash, no provider token.
      expect(config === undefined || config === null || JSON.stringify(config) === '{}').toBe(true);
    }
  });

  it('show the same providers and subjects as a single read, in one call', async () => {
    const subject = `gh-${randomUUID()}`;
    const id = await importWithProvider(env.backend, subject);
    const single = await env.facade.gql(
      `query ($id: ID!) { identity(id: $id) { ${CONNECTIONS} } }`,
      { id },
      {
        admin: true,
      },
    );
    expect(single.errors).toBeUndefined();
    env.backend.resetCalls();
    const listed = await env.facade.gql(
      `query ($ids: [ID!]) { identities(first: 50, filter: { ids: $ids }) { nodes { ${CONNECTIONS} } } }`,
      { ids: [id] },
      { admin: true },
    );
    expect(listed.errors).toBeUndefined();
    expect(described(env.backend.calls())).toEqual(['GET /admin/identities']);
    const credentials = listed.data?.identities.nodes[0]?.credentials;
    expect(credentials).toContainEqual({
      type: 'OIDC',
      identifiers: [`github:${subject}`],
      connections: [{ provider: 'github', subject, organization: null }],
    });
    expect(credentials).toEqual(single.data?.identity.credentials);
  });
});

describe('a page of sessions with their identities (S4)', () => {
  it('costs at most two calls whatever the page size', async () => {
    const res = await env.facade.gql(
      '{ sessions(first: 50) { nodes { id active identity { id traits } } } }',
      {},
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const nodes: Array<{ identity: { id: string } }> = res.data?.sessions.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect(node.identity.id).toEqual(expect.any(String));
    expect(env.backend.calls().length).toBeLessThanOrEqual(2);
  });
});

describe('identity references (S5)', () => {
  let many: string[];

  beforeAll(async () => {
    many = await createIdentities(env.backend, 600);
  }, 60_000);

  const entities = (list: readonly string[]) =>
    env.facade.gql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Identity { id } } }',
      { r: list.map((id) => ({ __typename: 'Identity', id })) },
      { admin: true },
    );

  it('a page of 50 with their credentials costs one call', async () => {
    const res = await env.facade.gql(
      'query ($ids: [ID!]) { identities(first: 50, filter: { ids: $ids }) { nodes { id credentials { type } } } }',
      { ids: many.slice(0, 50) },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.identities.nodes).toHaveLength(50);
    expect(described(env.backend.calls())).toEqual(['GET /admin/identities']);
  });

  it('cost one call for 100 and two for 600 (500 ids per call)', async () => {
    const hundred = await entities(many.slice(0, 100));
    expect(hundred.errors).toBeUndefined();
    expect(env.backend.calls()).toHaveLength(1);
    env.backend.resetCalls();
    const all = await entities(many);
    expect(all.errors).toBeUndefined();
    expect(all.data?._entities.map((entity: { id: string }) => entity.id)).toEqual(many);
    expect(env.backend.calls()).toHaveLength(2);
  });
});

describe('identities with their sessions (S3)', () => {
  it('cost one list call plus one call per identity', async () => {
    const res = await env.facade.gql(
      'query ($ids: [ID!]) { identities(first: 20, filter: { ids: $ids }) { nodes { id sessions(first: 5) { nodes { id active } } } } }',
      { ids: ids() },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const nodes: Array<{ sessions: { nodes: unknown[] } }> = res.data?.identities.nodes;
    expect(nodes).toHaveLength(users.length);
    for (const node of nodes) expect(node.sessions.nodes).toHaveLength(1);
    const calls = described(env.backend.calls());
    expect(calls).toHaveLength(1 + users.length);
    expect(calls.filter((call) => /^GET \/admin\/identities\/[^/]+\/sessions$/.test(call))).toHaveLength(
      users.length,
    );
  });

  it(`run at most ${MAX_CONCURRENT_CALLS} Ory calls of one operation at once`, async () => {
    const transport = new OryTransport({ timeoutMs: 1000, breakerResetMs: 10_000 });
    const scope: CallScope = {
      deadlineAt: Date.now() + 10_000,
      stats: { calls: 0, statuses: [] },
      budget: { left: 100, max: 100 },
    };
    let active = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const run = () => {
      active += 1;
      most = Math.max(most, active);
      return new Promise<never>((_resolve, reject) => {
        releases.push(() => {
          active -= 1;
          reject(new Error('done'));
        });
      });
    };
    try {
      const calls = Array.from({ length: 40 }, () =>
        transport
          .call(
            { api: 'admin', operation: 'listIdentitySessions', shape: 'array', idempotent: false, run },
            scope,
          )
          .catch(() => 'settled'),
      );
      // Let every call that may start do so, then finish them one by one.
      for (let finished = 0; finished < 40; finished += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        releases.shift()?.();
      }
      await expect(Promise.all(calls)).resolves.toHaveLength(40);
      expect(most).toBe(MAX_CONCURRENT_CALLS);
      expect(scope.stats.calls).toBe(40);
    } finally {
      transport.shutdown();
    }
  });
});
