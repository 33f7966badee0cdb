/**
 * The localhost-vs-127.0.0.1 trap: a browser whose page and API are on different sites keeps none of Ory's
 * SameSite=Lax cookies, so it submits a browser flow's csrfToken without them. The facade says so, before
 * calling Ory, instead of relaying Ory's CSRF refusal (which blames the token the app did send).
 */
import { CookieJar } from '../harness/cookieJar';
import { useFacade, errorCode, type GqlResponse } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const LOGIN = `mutation ($id: ID!, $csrf: String, $identifier: String!, $password: String!) {
  updateLoginFlow(input: { flowId: $id, csrfToken: $csrf, password: { identifier: $identifier, password: $password } }) {
    __typename
    ... on LoginFlow { ui { messages { messageId } } }
  }
}`;

async function createLoginFlow(client: 'BROWSER' | 'NATIVE', jar?: CookieJar) {
  const res = await env.facade.gql<{ createLoginFlow: { id: string; csrfToken: string } }>(
    `mutation { createLoginFlow(input: { client: ${client} }) { id csrfToken } }`,
    {},
    jar === undefined ? {} : { jar },
  );
  expect(res.errors).toBeUndefined();
  const flow = res.data?.createLoginFlow;
  if (flow === undefined) throw new Error('no flow');
  return flow;
}

/** Submissions the facade sent to Ory's self-service endpoints since the last reset. */
const submissionsToOry = () =>
  env.backend.calls().filter((call) => call.method === 'POST' && call.path.startsWith('/self-service/'));

function expectNoCookiesError(res: GqlResponse<unknown>): void {
  expect(errorCode(res)).toBe('CSRF_VIOLATION');
  const message = res.errors?.[0]?.message ?? '';
  expect(message).toMatch(/^The browser sent no Ory cookies/);
  expect(message).toContain('localhost and 127.0.0.1');
  expect(message).toContain("credentials: 'include'");
}

describe('a browser flow submitted without Ory cookies', () => {
  it('is refused with CSRF_VIOLATION naming the likely cause, before Ory is called', async () => {
    const flow = await createLoginFlow('BROWSER', new CookieJar());
    env.backend.resetCalls();
    // The page on http://localhost:4455, the API on 127.0.0.1: the browser sends its Origin, but no cookie.
    const res = await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: flow.csrfToken, identifier: 'x@example.test', password: 'whatever-1' },
      { headers: { Origin: 'http://localhost:4455' } },
    );
    expect(res.status).toBe(200);
    expectNoCookiesError(res);
    expect(submissionsToOry()).toEqual([]);
  });

  it("is refused the same way when the request carries only the app's own cookies", async () => {
    const flow = await createLoginFlow('BROWSER', new CookieJar());
    env.backend.resetCalls();
    const res = await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: flow.csrfToken, identifier: 'x@example.test', password: 'whatever-1' },
      { headers: { Cookie: 'app_sid=app-session; theme=dark' } },
    );
    expectNoCookiesError(res);
    expect(submissionsToOry()).toEqual([]);
  });

  it("leaves a wrong token with Ory's cookies to Ory: CSRF_VIOLATION without the cookie hint", async () => {
    const jar = new CookieJar();
    const flow = await createLoginFlow('BROWSER', jar);
    env.backend.resetCalls();
    const res = await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: 'not-the-token', identifier: 'x@example.test', password: 'whatever-1' },
      { jar },
    );
    expect(errorCode(res)).toBe('CSRF_VIOLATION');
    expect(res.errors?.[0]?.message).not.toMatch(/no Ory cookies/);
    expect(submissionsToOry()).toHaveLength(1);
  });

  it('does not concern native flows, whose csrfToken is empty', async () => {
    const flow = await createLoginFlow('NATIVE');
    expect(flow.csrfToken).toBe('');
    const res = await env.facade.gql(LOGIN, {
      id: flow.id,
      csrf: flow.csrfToken,
      identifier: 'nobody@example.test',
      password: 'whatever-1',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      updateLoginFlow: { __typename: 'LoginFlow', ui: { messages: [{ messageId: 4000006 }] } },
    });
  });
});
