/**
 * Native social sign-in with an `id_token` (`id_token` + `id_token_nonce` in the login or
 * registration body) against a built-in provider with `acceptIdTokens`, which verifies tokens like
 * Kratos' `fedcm-test` provider type (HS256, key `xxxxxxx`). Also the native app's own `return_to`
 * scheme (`allowedReturnUrls`) and `showVerificationUiAfter`. Expectations follow the answers of a
 * Kratos v26.2.0 server with a `fedcm-test` provider.
 */
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { Browser } from './browser';
import { uniqueEmail } from './helpers';
import { nodeList, tokenHeader } from './methodHelpers';
import { chooseAccount, pathOf } from './oidcHelpers';

const APP_RETURN = 'myapp://oidc-callback';

/** What an app's provider SDK would hold; signed like `fedcmTestIdToken` of the Kratos test harness. */
function idToken(claims: Record<string, unknown>): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', 'xxxxxxx').update(body).digest('base64url')}`;
}

describe('emulator: native id_token sign-in and app return URLs', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      allowedReturnUrls: ['http://127.0.0.1:4455', APP_RETURN],
      showVerificationUiAfter: ['password'],
      oidcProviders: [
        { id: 'test', label: 'Test provider', traitsMapping: 'email_and_name' },
        { id: 'native', label: 'Native', traitsMapping: 'email_and_name', acceptIdTokens: true },
      ],
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  const api = (): request.Agent => request.agent(emulator.publicUrl);

  async function submit(
    kind: 'login' | 'registration',
    body: Record<string, unknown>,
  ): Promise<request.Response> {
    const flow = await api().get(`/self-service/${kind}/api`);
    return api()
      .post(`/self-service/${kind}?flow=${flow.body.id}`)
      .send({ method: 'oidc', provider: 'native', ...body });
  }

  it('registers on first sign-in and signs in afterwards, storing no provider tokens', async () => {
    const email = uniqueEmail('idtoken');
    const claims = { sub: `s-${email}`, email, email_verified: true, name: 'Ida Token', nonce: 'n1' };
    const first = await submit('login', { id_token: idToken(claims), id_token_nonce: 'n1' });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['session_token', 'session', 'identity', 'continue_with']);
    expect(first.body.identity.traits).toEqual({ email, name: { first: 'Ida', last: 'Token' } });
    expect(first.body.session.authentication_methods).toEqual([
      { method: 'oidc', aal: 'aal1', completed_at: expect.any(String), provider: 'native' },
    ]);
    const admin = await request(emulator.adminUrl).get(
      `/admin/identities/${first.body.identity.id}?include_credential=oidc`,
    );
    expect(admin.body.credentials.oidc.config.providers).toEqual([
      {
        initial_id_token: '',
        initial_access_token: '',
        initial_refresh_token: '',
        subject: `s-${email}`,
        provider: 'native',
      },
    ]);
    const second = await submit('registration', {
      id_token: idToken({ ...claims, nonce: 'n2' }),
      id_token_nonce: 'n2',
    });
    expect(second.status).toBe(200);
    expect(Object.keys(second.body)).toEqual(['session_token', 'session', 'continue_with']);
    expect(second.body.session.identity.id).toBe(first.body.identity.id);
  });

  it('answers bad tokens and nonces like Kratos', async () => {
    const token = idToken({ sub: 'x', nonce: 'n' });
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [
        { id_token: 'a.b.c', id_token_nonce: 'n' },
        403,
        'Could not verify id_token',
        'token is malformed: could not base64 decode header: illegal base64 data at input byte 0',
      ],
      [
        { id_token: `${token.slice(0, -3)}AAA`, id_token_nonce: 'n' },
        403,
        'Could not verify id_token',
        'token signature is invalid: signature is invalid',
      ],
      [{ id_token: token }, 502, 'No nonce was provided but is required by the provider', 'Upstream error'],
      [
        { id_token: token, id_token_nonce: 'other' },
        502,
        'The supplied nonce does not match the nonce from the id_token',
        'Upstream error',
      ],
      [
        { id_token: idToken({ sub: 'x' }), id_token_nonce: 'n' },
        502,
        'No nonce was included in the id_token but is required by the provider',
        'Upstream error',
      ],
    ];
    for (const [body, status, reason, message] of cases) {
      const res = await submit('login', body);
      expect([res.status, res.body.error.reason, res.body.error.message]).toEqual([status, reason, message]);
    }
  });

  it('shows what is missing: on the registration flow, or on the login flow for a login', async () => {
    const registration = await submit('registration', {
      id_token: idToken({ sub: uniqueEmail('noemail'), nonce: 'n' }),
      id_token_nonce: 'n',
    });
    expect(registration.status).toBe(400);
    // `Register` resets the form a second time without the trait fields.
    expect(nodeList(registration.body)).toEqual([
      'oidc input provider:submit=native 1040003',
      'default input csrf_token:hidden',
      'default input traits.email:text',
    ]);
    expect(registration.body.active).toBeUndefined();
    const login = await submit('login', {
      id_token: idToken({ sub: uniqueEmail('noemail'), nonce: 'n' }),
      id_token_nonce: 'n',
    });
    expect(login.status).toBe(400);
    expect(login.body.ui.action).toContain('/self-service/login?flow=');
    expect(nodeList(login.body)).toContain('default input traits.email:text');
    expect(
      login.body.ui.nodes.find((n: { attributes: { name?: string } }) => n.attributes.name === 'traits.email')
        .messages[0].id,
    ).toBe(4000002);
  });

  it('mints tokens for providers that accept them', async () => {
    const email = uniqueEmail('minted');
    const minted = await request(emulator.publicUrl)
      .post('/emulator/oidc/native/id-token')
      .send({ sub: `m-${email}`, email, email_verified: true, nonce: 'abc' });
    expect(minted.status).toBe(200);
    const res = await submit('registration', { id_token: minted.body.id_token, id_token_nonce: 'abc' });
    expect(res.status).toBe(200);
    // `showVerificationUiAfter` leaves oidc out (like `after.oidc.hooks: [session]`).
    expect(res.body.continue_with).toEqual([
      { action: 'set_ory_session_token', ory_session_token: res.body.session_token },
    ]);
    const refused = await request(emulator.publicUrl).post('/emulator/oidc/test/id-token').send({ sub: 'x' });
    expect(refused.status).toBe(400);
  });

  it('sends a native browser sign-in back to the app scheme with the exchange code', async () => {
    const email = uniqueEmail('app');
    const flow = await api().get(
      `/self-service/registration/api?return_session_token_exchange_code=true&return_to=${APP_RETURN}`,
    );
    expect(flow.status).toBe(200);
    expect(flow.body.return_to).toBe(APP_RETURN);
    const start = await api()
      .post(`/self-service/registration?flow=${flow.body.id}`)
      .send({ method: 'oidc', provider: 'test' });
    expect(start.status).toBe(422);
    const browser = new Browser(emulator);
    const callback = await chooseAccount(emulator, browser, start.body.redirect_browser_to, {
      subject: `a-${email}`,
      email,
    });
    const done = await browser.get(pathOf(emulator, callback), { Accept: 'text/html' });
    expect(done.status).toBe(303);
    const back = new URL(String(done.headers.location));
    expect(`${back.protocol}//${back.host}`).toBe(APP_RETURN);
    const exchanged = await api()
      .get('/sessions/token-exchange')
      .query({
        init_code: flow.body.session_token_exchange_code,
        return_to_code: back.searchParams.get('code'),
      });
    expect(exchanged.status).toBe(200);
    const whoami = await api().get('/sessions/whoami').set(tokenHeader(exchanged.body.session_token));
    expect(whoami.body.identity.traits.email).toBe(email);
    const forbidden = await api().get('/self-service/login/api?return_to=otherapp://x');
    expect(forbidden.status).toBe(400);
    expect(forbidden.body.error.id).toBe('self_service_flow_return_to_forbidden');
  });
});
