/**
 * Session administration and the batching promises: upstream call counts are exact.
 */
import { randomUUID } from 'node:crypto';
import { useFacade, errorCode, type GqlResponse } from '../harness/facade';
import { newUser, signIn, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend(), { MAX_ALIASES: '25' });

beforeEach(() => {
  env.backend.resetCalls();
});

describe('sessions', () => {
  it('lists sessions with their identities in at most two Ory calls', async () => {
    for (let i = 0; i < 3; i += 1) await signUp(env.facade, newUser(`S${i}`));
    env.backend.resetCalls();
    const res = await env.facade.gql(
      '{ sessions(first: 100) { nodes { id active identity { id traits } } } }',
      {},
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.sessions.nodes;
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    for (const node of nodes) expect(node.identity.id).toEqual(expect.any(String));
    expect(env.backend.calls().length).toBeLessThanOrEqual(2);
  });

  // Ory embeds the identities of listed sessions without their addresses (and, in an identity's own list,
  // without schema_url): a client cache would store those empty lists over the real ones.
  it('gives listed sessions their full identity, in one more Ory call per page and only when selected', async () => {
    const user = newUser('Full');
    const { token } = await signUp(env.facade, user);
    const me = (await env.facade.gql('{ me { id identity { id } } }', {}, { token })).data?.me;
    const fields = 'id schemaUrl verifiableAddresses { value } recoveryAddresses { value }';
    const expected = {
      id: me.identity.id,
      schemaUrl: expect.stringMatching(/^https?:\/\//),
      verifiableAddresses: [{ value: user.email }],
      recoveryAddresses: [{ value: user.email }],
    };

    env.backend.resetCalls();
    const listed = await env.facade.gql(
      `{ sessions(first: 20) { nodes { id identity { ${fields} } } } }`,
      {},
      { admin: true },
    );
    expect(listed.errors).toBeUndefined();
    const node = listed.data?.sessions.nodes.find((n: { id: string }) => n.id === me.id);
    expect(node?.identity).toEqual(expected);
    expect(env.backend.calls().length).toBe(2);

    env.backend.resetCalls();
    const own = await env.facade.gql(
      `query ($id: ID!) { identity(id: $id) { sessions(first: 5) { nodes { identity { ${fields} } } } } }`,
      { id: me.identity.id },
      { admin: true },
    );
    expect(own.errors).toBeUndefined();
    expect(own.data?.identity.sessions.nodes).toEqual([{ identity: expected }]);
    // The identity itself, its sessions; the full identity comes from the loader's cache.
    expect(env.backend.calls().length).toBe(2);

    env.backend.resetCalls();
    await env.facade.gql('{ sessions(first: 20) { nodes { identity { id traits } } } }', {}, { admin: true });
    expect(env.backend.calls().length).toBe(1);
  });

  it('filters sessions by activity', async () => {
    const { token } = await signUp(env.facade, newUser('Act'));
    const sessionId = (await env.facade.gql('{ me { id } }', {}, { token })).data?.me.id;
    await env.facade.gql(
      'mutation ($id: ID!) { disableSession(id: $id) }',
      { id: sessionId },
      { admin: true },
    );
    const res = await env.facade.gql(
      '{ active: sessions(first: 100, active: true) { nodes { id active } } inactive: sessions(first: 100, active: false) { nodes { id active } } }',
      {},
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.active.nodes.map((n: { id: string }) => n.id)).not.toContain(sessionId);
    expect(res.data?.inactive.nodes).toContainEqual({ id: sessionId, active: false });
    expect(res.data?.active.nodes.every((n: { active: boolean }) => n.active)).toBe(true);
  });

  it('reads, extends and revokes a session', async () => {
    const { token } = await signUp(env.facade, newUser('Rev'));
    const sessionId = (await env.facade.gql('{ me { id expiresAt } }', {}, { token })).data?.me.id;
    const read = await env.facade.gql(
      'query ($id: ID!) { session(id: $id) { id active identity { id } } }',
      { id: sessionId },
      { admin: true },
    );
    expect(read.data?.session).toMatchObject({ id: sessionId, active: true });

    const extended = await env.facade.gql(
      'mutation ($id: ID!) { extendSession(id: $id) { id expiresAt } }',
      { id: sessionId },
      { admin: true },
    );
    expect(extended.errors).toBeUndefined();
    expect(Date.parse(extended.data?.extendSession.expiresAt)).toBeGreaterThan(Date.now());

    const revoked = await env.facade.gql(
      'mutation ($id: ID!) { disableSession(id: $id) }',
      { id: sessionId },
      { admin: true },
    );
    expect(revoked.data).toEqual({ disableSession: true });
    expect((await env.facade.gql('{ me { id } }', {}, { token })).data).toEqual({ me: null });
    const after = await env.facade.gql(
      'query ($id: ID!) { session(id: $id) { active } }',
      { id: sessionId },
      { admin: true },
    );
    expect(after.data?.session.active).toBe(false);
  });

  it('answers an unknown session with null, and a malformed id with BAD_USER_INPUT and no call', async () => {
    const unknown = await env.facade.gql(
      'query ($id: ID!) { session(id: $id) { id } }',
      { id: randomUUID() },
      { admin: true },
    );
    expect(unknown.data).toEqual({ session: null });
    env.backend.resetCalls();
    const malformed = await env.facade.gql('{ session(id: "x/../y") { id } }', {}, { admin: true });
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it('lists and deletes the sessions of an identity', async () => {
    const user = newUser('Multi');
    const { identityId } = await signUp(env.facade, user);
    await signIn(env.facade, user);
    const listed = await env.facade.gql(
      'query ($id: ID!) { identity(id: $id) { sessions(first: 10) { nodes { id active } } } }',
      { id: identityId },
      { admin: true },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.identity.sessions.nodes).toHaveLength(2);
    const deleted = await env.facade.gql(
      'mutation ($id: ID!) { deleteIdentitySessions(identityId: $id) }',
      { id: identityId },
      { admin: true },
    );
    expect(deleted.data).toEqual({ deleteIdentitySessions: true });
    const again = await env.facade.gql(
      'mutation ($id: ID!) { deleteIdentitySessions(identityId: $id) }',
      { id: identityId },
      { admin: true },
    );
    expect(again.data).toEqual({ deleteIdentitySessions: false });
  });

  it("pages through an identity's sessions one at a time, each exactly once", async () => {
    const user = newUser('Pages');
    const { identityId } = await signUp(env.facade, user);
    await signIn(env.facade, user);
    await signIn(env.facade, user);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const res: GqlResponse<{
        identity: {
          sessions: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
        };
      }> = await env.facade.gql(
        'query ($id: ID!, $after: String) { identity(id: $id) { sessions(first: 1, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }',
        { id: identityId, after },
        { admin: true },
      );
      expect(res.errors).toBeUndefined();
      const sessions = res.data!.identity.sessions;
      seen.push(...sessions.nodes.map((node) => node.id));
      if (!sessions.pageInfo.hasNextPage) break;
      after = sessions.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });
});

describe('batching', () => {
  it('resolves twenty aliased identity lookups with one Ory call', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await signUp(env.facade, newUser(`B${i}`))).identityId);
    env.backend.resetCalls();
    const fields = ids.map((id, i) => `i${i}: identity(id: "${id}") { id traits }`).join('\n');
    const res = await env.facade.gql(`{ ${fields} }`, {}, { admin: true });
    expect(res.errors).toBeUndefined();
    ids.forEach((id, i) => {
      expect(res.data?.[`i${i}`].id).toBe(id);
    });
    expect(env.backend.calls()).toHaveLength(1);
    expect(env.backend.calls()[0]).toMatchObject({
      listener: 'admin',
      method: 'GET',
      path: expect.stringMatching(/identities$/),
    });
  });

  it('answers unknown ids among batched ones with null', async () => {
    const { identityId } = await signUp(env.facade, newUser('Known'));
    env.backend.resetCalls();
    const res = await env.facade.gql(
      `{ a: identity(id: "${identityId}") { id } b: identity(id: "${randomUUID()}") { id } }`,
      {},
      { admin: true },
    );
    expect(res.data).toEqual({ a: { id: identityId }, b: null });
    expect(env.backend.calls()).toHaveLength(1);
  });
});

describe('courier', () => {
  it('lists the messages Ory sent, newest first, filtered by recipient', async () => {
    const user = newUser('Mail');
    await signUp(env.facade, user);
    const flow = await env.facade.gql('mutation { createRecoveryFlow { id } }');
    await env.facade.gql(
      'mutation ($id: ID!, $email: String!) { updateRecoveryFlow(input: { flowId: $id, code: { email: $email } }) { __typename } }',
      { id: flow.data?.createRecoveryFlow.id, email: user.email },
    );
    const res = await env.facade.gql(
      'query ($to: String) { courierMessages(first: 10, recipient: $to) { nodes { recipient templateType subject body status createdAt } } }',
      { to: user.email },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const messages = res.data?.courierMessages.nodes;
    expect(messages[0]).toMatchObject({ recipient: user.email, templateType: 'recovery_code_valid' });
    expect(messages[0].body).toMatch(/\d{6}/);
    const times = messages.map((m: { createdAt: string }) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
