/**
 * `me`: null without credentials, one whoami per operation however often it is selected, both token headers;
 * a credential that cannot be a session token is refused without asking Ory.
 */
import { ADMIN_TOKEN, errorCode, useFacade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());
let token: string;
let identityId: string;

beforeAll(async () => {
  ({ token, identityId } = await signUp(env.facade, newUser('Mia')));
});

beforeEach(() => {
  env.backend.resetCalls();
});

const whoamiCalls = () => env.backend.calls().filter((call) => call.path === '/sessions/whoami');

describe('me', () => {
  it('is null without credentials, and asks Ory nothing', async () => {
    const res = await env.facade.gql('{ me { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
    expect(env.backend.calls()).toEqual([]);
  });

  it('costs one whoami call when selected several times in one operation', async () => {
    const res = await env.facade.gql(
      '{ a: me { id } b: me { active identity { id } } c: me { id } }',
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.b.identity.id).toBe(identityId);
    expect(res.data?.a.id).toBe(res.data?.c.id);
    expect(whoamiCalls()).toHaveLength(1);
  });

  it('accepts the token as Authorization: Bearer', async () => {
    const res = await env.facade.gql(
      '{ me { identity { id } } }',
      {},
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.identity.id).toBe(identityId);
  });

  it('is null for a token Ory does not know', async () => {
    const res = await env.facade.gql(
      '{ me { id } }',
      {},
      { token: 'ory_st_00000000000000000000000000000000' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
    expect(whoamiCalls()).toHaveLength(1);
  });

  // Not "signed out": a credential that is neither an Ory session token nor an admin token is refused, and
  // never forwarded (a near miss of an admin token would end up in Ory's logs).
  it.each([
    ['a near miss of the admin token as a bearer', { Authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}x` }],
    ['a bearer of another shape', { Authorization: 'Bearer undefined' }],
    ['an X-Session-Token with spaces', { 'X-Session-Token': 'has spaces inside' }],
  ])('refuses %s with UNAUTHENTICATED, without asking Ory', async (_name, headers) => {
    const res = await env.facade.gql('{ me { id } }', {}, { headers });
    expect(res.errors).toHaveLength(1);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.path).toEqual(['me']);
    expect(res.data).toEqual({ me: null });
    expect(env.backend.calls()).toEqual([]);
  });

  it('sends the session token as X-Session-Token only, without cookies or Origin', async () => {
    await env.facade.gql(
      '{ me { id } }',
      {},
      { token, headers: { Cookie: 'app_sid=1', Origin: 'https://evil.test' } },
    );
    const [call] = whoamiCalls();
    expect(call?.headers['x-session-token']).toEqual(expect.stringMatching(/^sha256:/));
    expect(call?.headers.cookie).toBeUndefined();
    expect(call?.headers.origin).toBeUndefined();
    expect(call?.headers.authorization).toBeUndefined();
  });

  it('exposes the session fields Ory returns', async () => {
    const res = await env.facade.gql(
      `{ me { id active expiresAt authenticatedAt issuedAt authenticatorAssuranceLevel
          authenticationMethods { method aal completedAt } devices { id ipAddress userAgent }
          identity { id schemaId schemaUrl state traits createdAt
            verifiableAddresses { value verified via status } recoveryAddresses { value via } } } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    const me = res.data?.me;
    expect(me).toMatchObject({
      active: true,
      authenticatorAssuranceLevel: 'AAL1',
      authenticationMethods: [expect.objectContaining({ method: 'password', aal: 'AAL1' })],
      identity: { id: identityId, schemaId: 'default', state: 'ACTIVE' },
    });
    expect(Date.parse(me.expiresAt)).toBeGreaterThan(Date.now());
    expect(me.identity.verifiableAddresses[0]).toMatchObject({ verified: false, via: 'email' });
    expect(me.identity.recoveryAddresses[0]).toMatchObject({ via: 'email' });
  });
});
