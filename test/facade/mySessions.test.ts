/**
 * The caller's sessions: cursor pagination over Ory's page tokens, and revocation.
 */
import { useFacade, errorCode, type GqlResponse } from '../harness/facade';
import { newUser, signIn, signUp, type TestUser } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const LIST = `query ($first: Int, $after: String) {
  mySessions(first: $first, after: $after) {
    edges { cursor node { id active } }
    nodes { id }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    totalCount
  }
}`;

interface SessionPage {
  edges: Array<{ cursor: string; node: { id: string } }>;
  nodes: Array<{ id: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

/** A user with `count` sessions; returns the tokens, the first one being the caller's current session. */
async function userWithSessions(count: number): Promise<{ user: TestUser; tokens: string[] }> {
  const user = newUser('Pat');
  const { token } = await signUp(env.facade, user);
  const tokens = [token];
  for (let i = 1; i < count; i += 1) tokens.push(await signIn(env.facade, user));
  return { user, tokens };
}

describe('mySessions', () => {
  it('pages through the other sessions with cursors, leaving out the current one', async () => {
    const { tokens } = await userWithSessions(4);
    const current = tokens[0]!;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: GqlResponse<{ mySessions: SessionPage }> = await env.facade.gql(
        LIST,
        { first: 2, after },
        { token: current },
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.mySessions;
      seen.push(...page.nodes.map((node) => node.id));
      expect(page.edges.map((edge) => edge.node.id)).toEqual(page.nodes.map((node) => node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 10);

    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const me = await env.facade.gql('{ me { id } }', {}, { token: current });
    expect(seen).not.toContain(me.data?.me.id);
  });

  it('resumes after any edge, not only the last one', async () => {
    const { tokens } = await userWithSessions(4);
    const all = (await env.facade.gql(LIST, { first: 10 }, { token: tokens[0] })).data?.mySessions;
    expect(all.nodes).toHaveLength(3);
    const afterFirst = await env.facade.gql(
      LIST,
      { first: 10, after: all.edges[0].cursor },
      { token: tokens[0] },
    );
    expect(afterFirst.data?.mySessions.nodes).toEqual(all.nodes.slice(1));
  });

  it("gives each session the caller's whole identity (Ory's list embeds it without addresses)", async () => {
    const { tokens } = await userWithSessions(2);
    const res = await env.facade.gql(
      '{ me { identity { id verifiableAddresses { value } } } mySessions { nodes { identity { id verifiableAddresses { value } } } } }',
      {},
      { token: tokens[0] },
    );
    expect(res.errors).toBeUndefined();
    const own = res.data?.me.identity;
    expect(own.verifiableAddresses).toHaveLength(1);
    expect(res.data?.mySessions.nodes).toEqual([{ identity: own }]);
  });

  it('requires a signed-in caller', async () => {
    const res = await env.facade.gql(LIST, { first: 2 });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 1000 }, 'first'],
    [{ first: 2, after: 'not-a-cursor' }, 'after'],
  ])('refuses %j with BAD_USER_INPUT and no Ory call', async (variables, field) => {
    env.backend.resetCalls();
    const res = await env.facade.gql(LIST, variables, { token: 'ory_st_doesnotmatter' });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(env.backend.calls()).toEqual([]);
  });
});

describe('revoking sessions', () => {
  it('revokes one other session: its token stops working', async () => {
    const { tokens } = await userWithSessions(2);
    const [current, other] = tokens as [string, string];
    const otherId = (await env.facade.gql('{ me { id } }', {}, { token: other })).data?.me.id;
    env.backend.resetCalls();
    const res = await env.facade.gql(
      'mutation ($id: ID!) { disableMySession(id: $id) }',
      { id: otherId },
      { token: current },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.disableMySession).toBe(true);
    // The caller's own list (to check the session is theirs: Ory does not say), then the revocation.
    expect(env.backend.calls().map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /sessions',
      `DELETE /sessions/${otherId}`,
    ]);
    expect((await env.facade.gql('{ me { id } }', {}, { token: other })).data?.me).toBeNull();
    expect((await env.facade.gql('{ me { id } }', {}, { token: current })).data?.me).not.toBeNull();
  });

  it("answers NOT_FOUND for another user's session, which stays active (Ory itself answers 204)", async () => {
    const mine = await userWithSessions(1);
    const theirs = await userWithSessions(1);
    const theirId = (await env.facade.gql('{ me { id } }', {}, { token: theirs.tokens[0] })).data?.me.id;
    const res = await env.facade.gql(
      'mutation ($id: ID!) { disableMySession(id: $id) }',
      { id: theirId },
      { token: mine.tokens[0] },
    );
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(res.data).toBeNull();
    const still = await env.facade.gql('{ me { id active } }', {}, { token: theirs.tokens[0] });
    expect(still.data?.me).toEqual({ id: theirId, active: true });
  });

  it('refuses to revoke the current session here', async () => {
    const { tokens } = await userWithSessions(1);
    const currentId = (await env.facade.gql('{ me { id } }', {}, { token: tokens[0] })).data?.me.id;
    const res = await env.facade.gql(
      'mutation ($id: ID!) { disableMySession(id: $id) }',
      { id: currentId },
      { token: tokens[0] },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('revokes all other sessions and says how many', async () => {
    const { tokens } = await userWithSessions(3);
    const res = await env.facade.gql('mutation { disableMyOtherSessions }', {}, { token: tokens[0] });
    expect(res.errors).toBeUndefined();
    expect(res.data?.disableMyOtherSessions).toBe(2);
    for (const token of tokens.slice(1))
      expect((await env.facade.gql('{ me { id } }', {}, { token })).data?.me).toBeNull();
  });

  it('refuses a malformed session id with BAD_USER_INPUT and no Ory call', async () => {
    env.backend.resetCalls();
    const res = await env.facade.gql(
      'mutation { disableMySession(id: "../whoami") }',
      {},
      { token: 'ory_st_x' },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });
});
