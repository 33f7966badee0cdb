/**
 * Entity resolution (`_entities`, what a router sends): identity references are batched into one
 * `listIdentities` call per 500 ids for administrators, and the visibility rules of the API contract (§6) hold:
 * anyone else resolves only their own identity and session, and every other reference is `null`, exactly as
 * for an id that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { useFacade } from '../harness/facade';
import { createIdentities, newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const IDENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Identity { id traits } }
}`;
const SESSIONS = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Session { id active identity { id } } }
}`;

const identities = (ids: readonly string[]): Record<string, unknown> => ({
  representations: ids.map((id) => ({ __typename: 'Identity', id })),
});
const sessions = (ids: readonly string[]): Record<string, unknown> => ({
  representations: ids.map((id) => ({ __typename: 'Session', id })),
});

let ids: string[];

beforeAll(async () => {
  ids = await createIdentities(env.backend, 600);
}, 60_000);

beforeEach(() => {
  env.backend.resetCalls();
});

function listIdentityCalls(): number {
  return env.backend.calls().filter((call) => call.listener === 'admin' && /identities$/.test(call.path))
    .length;
}

describe('identity references for an administrator', () => {
  it('resolves 100 references with one listIdentities call', async () => {
    const res = await env.facade.gql(IDENTITIES, identities(ids.slice(0, 100)), { admin: true });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((entity: { id: string }) => entity.id)).toEqual(ids.slice(0, 100));
    expect(env.backend.calls()).toHaveLength(1);
    expect(listIdentityCalls()).toBe(1);
  });

  it('resolves 600 references with two calls (500 ids per call)', async () => {
    const res = await env.facade.gql(IDENTITIES, identities(ids), { admin: true });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities.map((entity: { id: string }) => entity.id)).toEqual(ids);
    expect(env.backend.calls()).toHaveLength(2);
    expect(listIdentityCalls()).toBe(2);
  });

  it('answers null for unknown ids among known ones, in the same call', async () => {
    const unknown = randomUUID();
    const res = await env.facade.gql(IDENTITIES, identities([ids[0]!, unknown, ids[1]!]), { admin: true });
    expect(res.data?._entities).toEqual([
      { id: ids[0], traits: expect.any(Object) },
      null,
      { id: ids[1], traits: expect.any(Object) },
    ]);
    expect(listIdentityCalls()).toBe(1);
  });
});

describe('references for anyone else', () => {
  it("resolves only the caller's own identity; others look like missing ids", async () => {
    const { token, identityId } = await signUp(env.facade, newUser('Own'));
    env.backend.resetCalls();
    const res = await env.facade.gql(IDENTITIES, identities([ids[0]!, identityId, randomUUID(), ids[1]!]), {
      token,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([null, { id: identityId, traits: expect.any(Object) }, null, null]);
    // One session lookup for the whole batch; the admin API is never called.
    expect(env.backend.calls().map((call) => `${call.listener} ${call.path}`)).toEqual([
      'public /sessions/whoami',
    ]);
  });

  it('resolves nothing for an anonymous caller and never calls the admin API', async () => {
    const res = await env.facade.gql(IDENTITIES, identities(ids.slice(0, 3)));
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([null, null, null]);
    expect(env.backend.calls().filter((call) => call.listener === 'admin')).toEqual([]);
  });

  it("resolves only the caller's own session", async () => {
    const alice = await signUp(env.facade, newUser('Alice'));
    const bob = await signUp(env.facade, newUser('Bob'));
    const aliceSession = (await env.facade.gql('{ me { id } }', {}, { token: alice.token })).data?.me.id;
    const bobSession = (await env.facade.gql('{ me { id } }', {}, { token: bob.token })).data?.me.id;

    const asAlice = await env.facade.gql(SESSIONS, sessions([aliceSession, bobSession, randomUUID()]), {
      token: alice.token,
    });
    expect(asAlice.data?._entities).toEqual([
      { id: aliceSession, active: true, identity: { id: alice.identityId } },
      null,
      null,
    ]);

    const asAdmin = await env.facade.gql(SESSIONS, sessions([aliceSession, bobSession]), { admin: true });
    expect(asAdmin.data?._entities).toEqual([
      { id: aliceSession, active: true, identity: { id: alice.identityId } },
      { id: bobSession, active: true, identity: { id: bob.identityId } },
    ]);
  });
});
