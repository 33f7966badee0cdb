/**
 * Browser flows through GraphQL: Ory's cookies travel browser -> env.facade -> Ory and back, CSRF tokens are echoed,
 * and no session token ever reaches a browser.
 */
import { CookieJar } from '../harness/cookieJar';
import { startFacade, useFacade, errorCode } from '../harness/facade';
import { browserSignUp, newUser } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const ME = '{ me { id identity { id traits } } }';
const SESSION_COOKIE = /^(ory_kratos_session|ory_session_\w+)$/;

async function createBrowserLogin(jar: CookieJar): Promise<{ id: string; csrfToken: string }> {
  const res = await env.facade.gql(
    'mutation { createLoginFlow(input: { client: BROWSER }) { id type csrfToken } }',
    {},
    { jar },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.createLoginFlow.type).toBe('BROWSER');
  return res.data?.createLoginFlow;
}

const LOGIN = `mutation ($id: ID!, $csrf: String, $identifier: String!, $password: String!) {
  updateLoginFlow(input: { flowId: $id, csrfToken: $csrf, password: { identifier: $identifier, password: $password } }) {
    __typename
    ... on LoginSuccess { sessionToken session { identity { id } } continueWith { __typename ... on ContinueWithRedirectBrowserTo { redirectBrowserTo } } }
    ... on LoginFlow { ui { messages { id } } }
  }
}`;

describe('browser registration', () => {
  it('signs the browser in with Ory cookies: me works by cookie until logout', async () => {
    const jar = new CookieJar();
    const user = newUser('Bea');
    const identityId = await browserSignUp(env.facade, user, jar);

    expect(jar.names().some((name) => SESSION_COOKIE.test(name))).toBe(true);
    const me = await env.facade.gql(ME, {}, { jar });
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.identity).toEqual({ id: identityId, traits: { email: user.email, name: user.name } });

    const logout = await env.facade.gql('mutation { logout { loggedOut } }', {}, { jar });
    expect(logout.errors).toBeUndefined();
    expect(logout.data?.logout.loggedOut).toBe(true);
    expect(logout.setCookies.some((cookie) => SESSION_COOKIE.test(cookie.split('=')[0] ?? ''))).toBe(true);
    expect(jar.names().some((name) => SESSION_COOKIE.test(name))).toBe(false);

    const after = await env.facade.gql(ME, {}, { jar });
    expect(after.data).toEqual({ me: null });
  });

  it('relays each cookie as its own Set-Cookie header, without Domain, with Cache-Control: no-store', async () => {
    const jar = new CookieJar();
    const created = await env.facade.gql(
      'mutation { createRegistrationFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    const { id, csrfToken } = created.data!.createRegistrationFlow;
    expect(csrfToken).toEqual(expect.any(String));
    expect(csrfToken.length).toBeGreaterThan(10);
    expect(created.setCookies.some((cookie) => cookie.startsWith('csrf_token_'))).toBe(true);

    const user = newUser('Cy');
    const res = await env.facade.gql(
      `mutation ($id: ID!, $csrf: String!, $traits: JSONObject!) { updateRegistrationFlow(input: { flowId: $id, csrfToken: $csrf, password: { password: "${user.password}", traits: $traits } }) { __typename ... on RegistrationSuccess { sessionToken } } }`,
      { id, csrf: csrfToken, traits: { email: user.email } },
      { jar },
    );
    expect(res.data?.updateRegistrationFlow).toEqual({
      __typename: 'RegistrationSuccess',
      sessionToken: null,
    });
    // The session cookie and the rotated CSRF cookie: two separate headers, attributes intact.
    expect(res.setCookies.length).toBeGreaterThanOrEqual(2);
    const session = res.setCookies.find((cookie) => SESSION_COOKIE.test(cookie.split('=')[0] ?? ''));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Path=\//i);
    expect(session).toMatch(/SameSite=Lax/i);
    for (const cookie of res.setCookies) expect(cookie).not.toMatch(/;\s*Domain=/i);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toContain('ory_st_');
  });
});

describe('browser login', () => {
  it('signs in with the CSRF token from the flow and the cookie-borne CSRF cookie', async () => {
    const user = newUser('Dana');
    await browserSignUp(env.facade, user, new CookieJar());

    const jar = new CookieJar();
    const flow = await createBrowserLogin(jar);
    const res = await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: flow.csrfToken, identifier: user.email, password: user.password },
      { jar },
    );
    expect(res.errors).toBeUndefined();
    const success = res.data?.updateLoginFlow;
    expect(success.__typename).toBe('LoginSuccess');
    expect(success.sessionToken).toBeNull();
    expect(success.continueWith).toEqual([
      expect.objectContaining({ __typename: 'ContinueWithRedirectBrowserTo' }),
    ]);
    expect(res.text).not.toContain('ory_st_');

    const me = await env.facade.gql(ME, {}, { jar });
    expect(me.data?.me.identity.id).toBe(success.session.identity.id);
  });

  it('answers a wrong CSRF token with CSRF_VIOLATION, not a server error', async () => {
    const jar = new CookieJar();
    const flow = await createBrowserLogin(jar);
    const res = await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: 'not-the-token', identifier: 'x@example.test', password: 'whatever-1' },
      { jar },
    );
    expect(res.status).toBe(200);
    expect(errorCode(res)).toBe('CSRF_VIOLATION');
  });

  it('answers a browser submission without the CSRF cookie with CSRF_VIOLATION', async () => {
    const flow = await createBrowserLogin(new CookieJar());
    const res = await env.facade.gql(LOGIN, {
      id: flow.id,
      csrf: flow.csrfToken,
      identifier: 'x@example.test',
      password: 'whatever-1',
    });
    expect(errorCode(res)).toBe('CSRF_VIOLATION');
  });

  it("forwards only Ory cookies upstream, never the application's own", async () => {
    const jar = new CookieJar();
    const flow = await createBrowserLogin(jar);
    env.backend.resetCalls();
    await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: flow.csrfToken, identifier: 'nobody@example.test', password: 'whatever-1' },
      { headers: { Cookie: `${jar.header()}; app_sid=secret-app-session; theme=dark` } },
    );
    const submit = env.backend.calls().find((call) => call.method === 'POST');
    const names = (submit?.headers.cookie as Array<{ name: string }>).map((cookie) => cookie.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith('csrf_token_') || SESSION_COOKIE.test(name))).toBe(true);
  });

  it('answers a wrong password with the LoginFlow and message 4000006', async () => {
    const user = newUser('Eve');
    await browserSignUp(env.facade, user, new CookieJar());
    const jar = new CookieJar();
    const flow = await createBrowserLogin(jar);
    const res = await env.facade.gql(
      LOGIN,
      { id: flow.id, csrf: flow.csrfToken, identifier: user.email, password: 'wrong-password-9' },
      { jar },
    );
    expect(res.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    expect(res.data?.updateLoginFlow.ui.messages.map((m: { id: number }) => m.id)).toContain(4000006);
  });
});

describe('browser logout', () => {
  it('gives a logout URL and token, and logs out with that token', async () => {
    const jar = new CookieJar();
    await browserSignUp(env.facade, newUser('Flo'), jar);
    const flow = await env.facade.gql('{ logoutFlow { logoutUrl logoutToken } }', {}, { jar });
    expect(flow.errors).toBeUndefined();
    const { logoutUrl, logoutToken } = flow.data!.logoutFlow;
    expect(logoutUrl).toContain(logoutToken);
    env.backend.resetCalls();
    const res = await env.facade.gql(
      'mutation ($t: String!) { logout(input: { logoutToken: $t }) { loggedOut } }',
      { t: logoutToken },
      { jar },
    );
    expect(res.data?.logout.loggedOut).toBe(true);
    expect(env.backend.calls()).toHaveLength(1);
    expect((await env.facade.gql(ME, {}, { jar })).data).toEqual({ me: null });
  });

  it('refuses logoutFlow to a caller without a session', async () => {
    const res = await env.facade.gql('{ logoutFlow { logoutUrl } }');
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});

describe('cookie domain', () => {
  it('rewrites Domain to COOKIE_DOMAIN when configured', async () => {
    const withDomain = await startFacade(env.backend, { COOKIE_DOMAIN: 'example.test' });
    try {
      const res = await withDomain.gql('mutation { createLoginFlow(input: { client: BROWSER }) { id } }');
      expect(res.setCookies.length).toBeGreaterThan(0);
      for (const cookie of res.setCookies) expect(cookie).toMatch(/;\s*Domain=example\.test(;|$)/);
    } finally {
      await withDomain.stop();
    }
  });
});
