/**
 * Social sign-in with the emulator's built-in test provider: the provider buttons, the 422/303 to
 * the provider's page, the page itself, the callback that signs in or registers (or asks for the
 * missing traits), linking and unlinking in settings, the stored credential, and the session token
 * exchange native apps use.
 */
import request from 'supertest';
import { startEmulator, type Emulator, type OidcProviderOptions } from '../../emulator';
import { ALL_METHODS_IDENTITY_SCHEMA } from '../../emulator';
import { Browser, csrfOf } from './browser';
import { uniqueEmail, USER_AGENT } from './helpers';
import { messageIds, nodeList, registerWithPassword, tokenHeader } from './methodHelpers';
import { chooseAccount, pathOf, type ProviderAccount } from './oidcHelpers';

const PROVIDERS: OidcProviderOptions[] = [
  {
    id: 'test',
    label: 'Test',
    traitsMapping: 'email_and_name',
    accounts: [{ subject: 'preset-1', email: 'preset@example.com', emailVerified: true, name: 'Pre Set' }],
  },
  { id: 'bare', traitsMapping: 'none' },
];

describe('emulator: social sign-in with the built-in provider', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      identitySchemas: [{ id: 'default', schema: ALL_METHODS_IDENTITY_SCHEMA }],
      oidcProviders: PROVIDERS,
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  const path = (url: string): string => pathOf(emulator, url);
  const choose = (browser: Browser, authorizeUrl: string, account: ProviderAccount): Promise<string> =>
    chooseAccount(emulator, browser, authorizeUrl, account);

  it('shows a button per provider and answers a JSON submit with 422 and the provider page', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    // Kratos' sort orders the provider buttons by their value.
    expect(nodeList(flow)).toEqual([
      'oidc input provider:submit=bare 1010002',
      'oidc input provider:submit=test 1010002',
      'default input csrf_token:hidden',
      'default input identifier:text 1070002',
      'password input password:password 1070001',
      'password input method:submit=password 1010022',
    ]);
    expect(flow.ui.nodes[1]?.meta.label).toEqual({
      id: 1010002,
      text: 'Sign in with Test',
      type: 'info',
      context: { provider: 'Test', provider_id: 'test' },
    });
    const res = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'oidc',
      provider: 'test',
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.id).toBe('browser_location_change_required');
    const target = new URL(res.body.redirect_browser_to);
    expect(target.pathname).toBe('/emulator/oidc/test/authorize');
    expect(target.searchParams.get('redirect_uri')).toBe(
      `${emulator.publicUrl}/self-service/methods/oidc/callback/test`,
    );
    expect(browser.jar.get('ory_kratos_continuity')).toBeDefined();
    const page = await browser.get(path(target.toString()), { Accept: 'text/html' });
    expect(page.text).toContain('preset@example.com');
    expect(page.text).not.toContain('<script');
  });

  it('registers a new account on first sign-in and signs it in afterwards', async () => {
    const email = uniqueEmail('oidc');
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const res = await browser.post(`/self-service/login?flow=${flow.id}`, {
      provider: 'test',
      csrf_token: csrfOf(flow),
    });
    const callback = await choose(browser, res.body.redirect_browser_to, {
      subject: `sub-${email}`,
      email,
      name: 'Ada Lovelace',
    });
    expect(callback).toMatch(/\/self-service\/methods\/oidc\/callback\/test\?/);
    const done = await browser.get(path(callback), { Accept: 'text/html' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('http://127.0.0.1:4455/');
    const whoami = await browser.get('/sessions/whoami');
    expect(whoami.body.identity.traits).toEqual({ email, name: { first: 'Ada', last: 'Lovelace' } });
    expect(whoami.body.identity.verifiable_addresses[0]).toMatchObject({
      verified: true,
      status: 'completed',
    });
    expect(whoami.body.authentication_methods).toEqual([
      { method: 'oidc', aal: 'aal1', completed_at: expect.any(String), provider: 'test' },
    ]);
    const admin = await request(emulator.adminUrl).get(
      `/admin/identities/${whoami.body.identity.id}?include_credential=oidc`,
    );
    expect(admin.body.credentials.oidc.identifiers).toEqual([`test:sub-${email}`]);
    const [stored] = admin.body.credentials.oidc.config.providers;
    expect(Object.keys(stored)).toEqual([
      'initial_id_token',
      'initial_access_token',
      'initial_refresh_token',
      'subject',
      'provider',
    ]);
    expect(stored.initial_id_token.split('.')).toHaveLength(3);

    const again = new Browser(emulator);
    const second = await again.createFlow('login');
    const redirect = await again.post(`/self-service/login?flow=${second.id}`, {
      provider: 'test',
      csrf_token: csrfOf(second),
    });
    const back = await choose(again, redirect.body.redirect_browser_to, {
      subject: `sub-${email}`,
      email,
    });
    expect((await again.get(path(back), { Accept: 'text/html' })).status).toBe(303);
    expect((await again.get('/sessions/whoami')).body.identity.id).toBe(whoami.body.identity.id);
  });

  it('asks for the missing traits when the provider gives too little, then completes the registration', async () => {
    const email = uniqueEmail('oidc-bare');
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('registration');
    expect(nodeList(flow).slice(0, 2)).toEqual([
      'oidc input provider:submit=bare 1040002',
      'oidc input provider:submit=test 1040002',
    ]);
    const res = await browser.post(`/self-service/registration?flow=${flow.id}`, {
      method: 'oidc',
      provider: 'bare',
      csrf_token: csrfOf(flow),
    });
    const callback = await choose(browser, res.body.redirect_browser_to, {
      subject: `bare-${email}`,
      email,
    });
    const incomplete = await browser.get(path(callback), { Accept: 'text/html' });
    expect(incomplete.status).toBe(302);
    const flowId = new URL(String(incomplete.headers.location)).searchParams.get('flow') ?? '';
    expect(incomplete.headers.location).toBe(`http://127.0.0.1:4455/registration?flow=${flowId}`);
    const shown = await browser.get(`/self-service/registration/flows?id=${flowId}`);
    expect(nodeList(shown.body)).toEqual([
      'oidc input provider:submit=bare 1040003',
      'default input csrf_token:hidden',
      'default input traits.email:email 1070002',
      'default input traits.name.first:text 1070002',
      'default input traits.name.last:text 1070002',
    ]);
    expect(shown.body.ui.nodes[2].messages[0].id).toBe(4000002);
    const retry = await browser.post(`/self-service/registration?flow=${flowId}`, {
      method: 'oidc',
      provider: 'bare',
      traits: { email },
      csrf_token: csrfOf(shown.body),
    });
    expect(retry.status).toBe(422);
    const finish = await choose(browser, retry.body.redirect_browser_to, {
      subject: `bare-${email}`,
      email,
    });
    expect((await browser.get(path(finish), { Accept: 'text/html' })).status).toBe(303);
    // Like every Kratos form decode, unset object traits arrive as `{}`.
    expect((await browser.get('/sessions/whoami')).body.identity.traits).toEqual({ email, name: {} });
  });

  it('lets native apps finish in the browser and exchange the codes for the session token', async () => {
    const email = uniqueEmail('oidc-native');
    const flow = await request(emulator.publicUrl)
      .get(
        '/self-service/login/api?return_session_token_exchange_code=true&return_to=http://127.0.0.1:4455/app',
      )
      .set('User-Agent', USER_AGENT);
    const initCode: string = flow.body.session_token_exchange_code;
    expect(initCode).toMatch(/^[A-Za-z0-9]{64}$/);
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.body.id}`)
      .send({ method: 'oidc', provider: 'test' });
    expect(res.status).toBe(422);
    // The system browser has none of the app's cookies.
    const browser = new Browser(emulator);
    const callback = await choose(browser, res.body.redirect_browser_to, {
      subject: `n-${email}`,
      email,
    });
    const done = await browser.get(path(callback), { Accept: 'text/html' });
    expect(done.status).toBe(303);
    const back = new URL(String(done.headers.location));
    expect(back.origin + back.pathname).toBe('http://127.0.0.1:4455/app');
    const returnToCode = back.searchParams.get('code') ?? '';
    const missing = await request(emulator.publicUrl).get('/sessions/token-exchange');
    expect(missing.status).toBe(400);
    const exchanged = await request(emulator.publicUrl)
      .get('/sessions/token-exchange')
      .query({ init_code: initCode, return_to_code: returnToCode });
    expect(exchanged.status).toBe(200);
    expect(Object.keys(exchanged.body)).toEqual(['session_token', 'session']);
    // Kratos loads the session without its devices here.
    expect(exchanged.body.session.devices).toEqual([]);
    expect(
      (
        await request(emulator.publicUrl)
          .get('/sessions/whoami')
          .set(tokenHeader(exchanged.body.session_token))
      ).status,
    ).toBe(200);
  });

  it('refuses ID tokens like Kratos does for generic providers', async () => {
    const flow = await request(emulator.publicUrl).get('/self-service/login/api');
    const res = await request(emulator.publicUrl)
      .post(`/self-service/login?flow=${flow.body.id}`)
      .send({ method: 'oidc', provider: 'test', id_token: 'a.b.c' });
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual({
      id: 'upstream_error',
      code: 502,
      status: 'Bad Gateway',
      reason: 'The provider generic does not support id_token verification',
      message: 'Upstream error',
    });
  });

  it('links and unlinks a provider in settings', async () => {
    const email = uniqueEmail('oidc-link');
    const token = await registerWithPassword(emulator, email);
    const browser = new Browser(emulator);
    const registration = await browser.createFlow('registration');
    await browser.post(`/self-service/registration?flow=${registration.id}`, {
      method: 'password',
      password: 'Correct-Horse-Battery-42',
      traits: { email: `b-${email}` },
      csrf_token: csrfOf(registration),
    });
    const settings = await browser.createFlow('settings');
    expect(nodeList(settings)).toContain('oidc input link:submit=test 1050002');
    const res = await browser.post(`/self-service/settings?flow=${settings.id}`, {
      link: 'test',
      csrf_token: csrfOf(settings),
    });
    expect(res.status).toBe(422);
    const callback = await choose(browser, res.body.redirect_browser_to, {
      subject: `link-${email}`,
      email: `b-${email}`,
    });
    const linked = await browser.get(path(callback), { Accept: 'text/html' });
    expect(linked.status).toBe(303);
    expect(linked.headers.location).toBe(`http://127.0.0.1:4455/settings?flow=${settings.id}`);
    const after = await browser.get(`/self-service/settings/flows?id=${settings.id}`);
    expect(after.body.state).toBe('success');
    // The callback marks the settings flow as the oidc strategy's.
    expect(after.body.active).toBe('oidc');
    expect(nodeList(after.body)).toContain('oidc input unlink:submit=test 1050003');
    const unlinked = await browser.post(`/self-service/settings?flow=${settings.id}`, {
      unlink: 'test',
      csrf_token: csrfOf(after.body),
    });
    expect(unlinked.status).toBe(200);
    expect(messageIds(unlinked.body)).toEqual([1050001]);
    expect(nodeList(unlinked.body)).toContain('oidc input link:submit=test 1050002');
    expect(token).toMatch(/^ory_st_/);
  });
});
