/**
 * ory-graphql as a subgraph behind a gateway: a second subgraph's reviews reference identities, the gateway
 * resolves them through `_entities` in one batched Ory call, visibility rules hold for entity lookups, and the
 * end user's token and cookies travel gateway -> subgraph -> Ory and back.
 */
import { fingerprint } from '../../emulator';
import { CookieJar } from '../harness/cookieJar';
import { useFacade } from '../harness/facade';
import { BROWSER_SIGN_IN, browserSignUp, createIdentities, newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';
import {
  ROUTER_SECRET,
  composeSupergraph,
  listen,
  orySubgraph,
  startGateway,
  startReviewsSubgraph,
  type Gateway,
  type Listening,
  type Review,
  withoutAuthorizationDirectives,
} from './supergraph';

const env = useFacade(() => startOryBackend(), { ROUTER_SECRET });

const REVIEW_COUNT = 150;
const AUTHOR_COUNT = 120;

let facadeHttp: Listening | undefined;
let reviews: Listening | undefined;
let gateway: Gateway | undefined;
let authorIds: string[];
let user: { token: string; identityId: string };

beforeAll(async () => {
  facadeHttp = await listen(env.facade.app);
  user = await signUp(env.facade, newUser('Fed'));
  authorIds = [...(await createIdentities(env.backend, AUTHOR_COUNT - 1)), user.identityId];
  const list: Review[] = Array.from({ length: REVIEW_COUNT }, (_, i) => ({
    id: `r${i}`,
    body: `review ${i}`,
    authorId: authorIds[i % AUTHOR_COUNT] ?? '',
  }));
  const reviewsSubgraph = await startReviewsSubgraph(list);
  reviews = reviewsSubgraph;
  const ory = withoutAuthorizationDirectives(orySubgraph(facadeHttp.url));
  gateway = await startGateway(composeSupergraph([ory, reviewsSubgraph]).supergraphSdl, ROUTER_SECRET);
}, 60_000);

afterAll(async () => {
  // Each may be missing when beforeAll failed part-way.
  for (const running of [gateway, reviews, facadeHttp]) await running?.close();
});

function gw(): Gateway {
  if (gateway === undefined) throw new Error('the gateway is not running');
  return gateway;
}

beforeEach(() => {
  env.backend.resetCalls();
});

const REVIEWS = '{ reviews { id body author { id traits } } }';

describe('entity batching through the gateway', () => {
  it('resolves the authors of 150 reviews (120 identities) with one listIdentities call for an admin', async () => {
    const res = await gw().gql(REVIEWS, {}, { admin: true });
    expect(res.errors).toBeUndefined();
    const list = res.data?.reviews;
    expect(list).toHaveLength(REVIEW_COUNT);
    list.forEach((review: { id: string; author: { id: string; traits: unknown } }, i: number) => {
      expect(review.author).toEqual({ id: authorIds[i % AUTHOR_COUNT], traits: expect.any(Object) });
    });
    const calls = env.backend.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      listener: 'admin',
      method: 'GET',
      path: expect.stringMatching(/identities$/),
    });
  });

  it("resolves only the caller's own identity for a signed-in user; others are null", async () => {
    const res = await gw().gql(REVIEWS, {}, { token: user.token });
    // A clean null: the gateway reports nothing for the non-null fields of an unresolved reference.
    expect(res.errors).toBeUndefined();
    const list = res.data?.reviews;
    expect(list).toHaveLength(REVIEW_COUNT);
    for (const review of list as Array<{ author: { id: string } | null }>) {
      if (review.author !== null) expect(review.author.id).toBe(user.identityId);
    }
    const own = list.filter((review: { author: unknown }) => review.author !== null);
    expect(own.length).toBe(Math.ceil((REVIEW_COUNT - (AUTHOR_COUNT - 1)) / AUTHOR_COUNT));
    // One whoami for the whole batch, and never the admin API.
    expect(env.backend.calls().map((call) => `${call.listener} ${call.path}`)).toEqual([
      'public /sessions/whoami',
    ]);
  });

  it('resolves no identity for an anonymous caller, without any admin call', async () => {
    const res = await gw().gql(REVIEWS);
    expect(res.errors).toBeUndefined();
    expect(res.data?.reviews.every((review: { author: unknown }) => review.author === null)).toBe(true);
    expect(env.backend.calls().filter((call) => call.listener === 'admin')).toEqual([]);
  });
});

describe('credentials through the gateway', () => {
  it("forwards the user's session token to Ory", async () => {
    const res = await gw().gql('{ me { identity { id } } }', {}, { token: user.token });
    expect(res.data).toEqual({ me: { identity: { id: user.identityId } } });
    const whoami = env.backend.calls().find((call) => call.path === '/sessions/whoami');
    expect(whoami?.headers['x-session-token']).toBe(fingerprint(user.token));
    expect(whoami?.headers.cookie).toBeUndefined();
  });

  it('signs a browser in through the gateway: every Set-Cookie reaches the client, and the cookies come back', async () => {
    const someone = newUser('Gwen');
    const identityId = await browserSignUp(env.facade, someone, new CookieJar());

    const jar = new CookieJar();
    const created = await gw().gql(
      'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    expect(created.errors).toBeUndefined();
    expect(created.setCookies.some((cookie) => cookie.startsWith('csrf_token_'))).toBe(true);
    const { id, csrfToken } = created.data!.createLoginFlow;

    const login = await gw().gql(
      BROWSER_SIGN_IN,
      { id, csrf: csrfToken, identifier: someone.email, password: someone.password },
      { jar },
    );
    expect(login.errors).toBeUndefined();
    expect(login.data?.updateLoginFlow).toEqual({
      __typename: 'LoginSuccess',
      sessionToken: null,
      session: { identity: { id: identityId } },
    });
    // The session cookie and the rotated CSRF cookie, each its own header with its attributes intact.
    expect(login.setCookies.length).toBeGreaterThanOrEqual(2);
    const session = login.setCookies.find((cookie) => /^(ory_kratos_session|ory_session_\w+)=/.test(cookie));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Path=\//i);

    env.backend.resetCalls();
    const me = await gw().gql('{ me { identity { id } } }', {}, { jar });
    expect(me.data).toEqual({ me: { identity: { id: identityId } } });
    const whoami = env.backend.calls().find((call) => call.path === '/sessions/whoami');
    const sent = (whoami?.headers.cookie ?? []) as Array<{ name: string; value: string }>;
    const sessionName = jar.names().find((name) => /^(ory_kratos_session|ory_session_\w+)$/.test(name)) ?? '';
    expect(sent).toContainEqual({ name: sessionName, value: fingerprint(jar.get(sessionName) ?? '') });
    expect(whoami?.headers['x-session-token']).toBeUndefined();
  });
});
