/**
 * Browser/native isolation (security requirement 23): in production, requests that come from a browser (an
 * Origin header or Ory cookies) cannot use native flows, which hand out session tokens; native calls upstream
 * never carry Cookie or Origin.
 */
import { CookieJar } from '../harness/cookieJar';
import { errorCode, useFacade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend(), { NODE_ENV: 'production' });

beforeEach(() => {
  env.backend.resetCalls();
});

describe('native flows from browsers', () => {
  it.each([
    ['an Origin header', { Origin: 'https://app.example.test' }],
    ['Ory cookies', { Cookie: 'ory_kratos_session=abc' }],
  ])('refuses a native flow to a request with %s, before any Ory call', async (_label, headers) => {
    const res = await env.facade.gql(
      'mutation { createLoginFlow(input: { client: NATIVE }) { id } }',
      {},
      { headers },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('client');
    expect(env.backend.calls()).toEqual([]);
  });

  it('refuses a native submission from a browser', async () => {
    const created = await env.facade.gql('mutation { createLoginFlow { id } }');
    env.backend.resetCalls();
    const res = await env.facade.gql(
      'mutation ($id: ID!) { updateLoginFlow(input: { flowId: $id, password: { identifier: "a@b.test", password: "whatever-1" } }) { __typename } }',
      { id: created.data?.createLoginFlow.id },
      { headers: { Origin: 'https://app.example.test' } },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it('lets native apps (no Origin, no cookies) use native flows, and browsers use browser flows', async () => {
    const native = await env.facade.gql('mutation { createLoginFlow { id type } }');
    expect(native.data?.createLoginFlow.type).toBe('NATIVE');
    const jar = new CookieJar();
    const browser = await env.facade.gql(
      'mutation { createLoginFlow(input: { client: BROWSER }) { id type } }',
      {},
      {
        jar,
        headers: { Origin: 'https://app.example.test' },
      },
    );
    expect(browser.data?.createLoginFlow.type).toBe('BROWSER');
  });

  it('returns session tokens only to native flows, never with a Set-Cookie', async () => {
    const res = await env.facade.gql('{ __typename }');
    expect(res.setCookies).toEqual([]);
    const { token } = await signUp(env.facade, newUser('Nat'));
    expect(token).toMatch(/^ory_st_/);
    for (const call of env.backend.calls()) {
      expect(call.headers.cookie).toBeUndefined();
      expect(call.headers.origin).toBeUndefined();
    }
  });
});
