/**
 * Social sign-up with an email another identity already has: Kratos v26.2.0 turns it into a login
 * flow for that identity ("Sign in … to add your account … as another way to sign in") and links
 * the social account once the user signs in there. Also the callback's errors that come before
 * the flow is known (no continuity cookie), which go to the error UI. Expectations follow the
 * answers of a Kratos v26.2.0 server with the same two providers.
 */
import request from 'supertest';
import { startEmulator, type Emulator, type OidcProviderOptions } from '../../emulator';
import { Browser, csrfOf } from './browser';
import { uniqueEmail } from './helpers';
import { messageIds, nodeList, PASSWORD } from './methodHelpers';
import { chooseAccount, pathOf, socialSignIn } from './oidcHelpers';

const PROVIDERS: OidcProviderOptions[] = [
  { id: 'test', label: 'Test provider', traitsMapping: 'email_and_name' },
  { id: 'other', label: 'Other provider', traitsMapping: 'email_and_name' },
];

describe('emulator: social sign-in account linking', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ oidcProviders: PROVIDERS });
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function registerInBrowser(email: string): Promise<void> {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('registration');
    const res = await browser.post(`/self-service/registration?flow=${flow.id}`, {
      method: 'password',
      password: PASSWORD,
      traits: { email },
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(200);
  }

  it('turns a duplicate sign-up into a login that links the social account', async () => {
    const email = uniqueEmail('linking');
    await registerInBrowser(email);
    const browser = new Browser(emulator);
    const callback = await socialSignIn(emulator, browser, 'registration', 'test', {
      subject: `dupe-${email}`,
      email,
      name: 'Dupe Licate',
    });
    expect(callback.status).toBe(303);
    const target = new URL(callback.location);
    expect(target.origin + target.pathname).toBe('http://127.0.0.1:4455/login');
    const flowId = target.searchParams.get('flow') ?? '';
    expect(target.search).toBe(`?flow=${flowId}&no_org_ui=true`);

    const flow = (await browser.get(`/self-service/login/flows?id=${flowId}`)).body;
    expect(flow.active).toBe('oidc');
    expect(flow.request_url).toBe(`${emulator.publicUrl}/self-service/registration/browser`);
    // The provider used is gone, the others confirm; the identifier is known and hidden.
    expect(nodeList(flow)).toEqual([
      'oidc input provider:submit=other 1010018',
      'default input csrf_token:hidden',
      `default input identifier:hidden=${email} 1070002`,
      'password input password:password 1070001',
      'password input method:submit=password 1010022',
    ]);
    expect(flow.ui.nodes[0].meta.label).toEqual({
      id: 1010018,
      text: 'Confirm with Other provider',
      type: 'info',
      context: { provider: 'Other provider' },
    });
    expect(flow.ui.messages).toEqual([
      {
        id: 1010016,
        text: `You tried to sign in with "${email}", but that email is already used by another account. Sign in to your account with one of the options below to add your account "${email}" at "Test provider" as another way to sign in.`,
        type: 'info',
        context: {
          available_credential_types: [],
          available_providers: [],
          duplicateIdentifier: email,
          duplicate_identifier: email,
          newLoginUrl: 'http://127.0.0.1:4455/login',
          new_login_url: 'http://127.0.0.1:4455/login',
          provider: 'Test provider',
        },
      },
    ]);

    const signedIn = await browser.post(`/self-service/login?flow=${flowId}`, {
      method: 'password',
      identifier: email,
      password: PASSWORD,
      csrf_token: csrfOf(flow),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.session.authentication_methods).toEqual([
      { method: 'password', aal: 'aal1', completed_at: expect.any(String) },
      { method: 'oidc', aal: 'aal1', completed_at: expect.any(String), provider: 'test' },
    ]);
    const identityId: string = signedIn.body.session.identity.id;
    const admin = await request(emulator.adminUrl).get(
      `/admin/identities/${identityId}?include_credential=oidc`,
    );
    expect(admin.body.credentials.oidc.identifiers).toEqual([`test:dupe-${email}`]);

    // From now on the social account signs in to that identity directly.
    const again = new Browser(emulator);
    const direct = await socialSignIn(emulator, again, 'login', 'test', { subject: `dupe-${email}`, email });
    expect(direct).toEqual({ status: 303, location: 'http://127.0.0.1:4455/' });
    expect((await again.get('/sessions/whoami')).body.identity.id).toBe(identityId);
  });

  it('refuses to link when another account signs in to the linking flow', async () => {
    const email = uniqueEmail('linking-a');
    const other = uniqueEmail('linking-b');
    await registerInBrowser(email);
    await registerInBrowser(other);
    const browser = new Browser(emulator);
    const callback = await socialSignIn(emulator, browser, 'login', 'test', { subject: `x-${email}`, email });
    const flowId = new URL(callback.location).searchParams.get('flow') ?? '';
    const flow = (await browser.get(`/self-service/login/flows?id=${flowId}`)).body;
    const res = await browser.post(`/self-service/login?flow=${flowId}`, {
      method: 'password',
      identifier: other,
      password: PASSWORD,
      csrf_token: csrfOf(flow),
    });
    expect(res.status).toBe(400);
    expect(res.body.ui.messages).toEqual([
      { id: 4010009, text: 'Linked credentials do not match.', type: 'error' },
    ]);
  });

  it('answers a JSON callback with the linking flow and 400', async () => {
    const email = uniqueEmail('linking-json');
    await registerInBrowser(email);
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('registration');
    const start = await browser.post(`/self-service/registration?flow=${flow.id}`, {
      method: 'oidc',
      provider: 'test',
      csrf_token: csrfOf(flow),
    });
    const callback = await chooseAccount(emulator, browser, start.body.redirect_browser_to, {
      subject: `j-${email}`,
      email,
    });
    const res = await browser.get(pathOf(emulator, callback));
    expect(res.status).toBe(400);
    expect(messageIds(res.body)).toEqual([1010016]);
    expect(res.body.transient_payload).toEqual({});
  });

  it('sends a callback without the continuity cookie to the error UI', async () => {
    const browser = new Browser(emulator);
    const flow = await browser.createFlow('login');
    const start = await browser.post(`/self-service/login?flow=${flow.id}`, {
      method: 'oidc',
      provider: 'test',
      csrf_token: csrfOf(flow),
    });
    const callback = await chooseAccount(emulator, browser, start.body.redirect_browser_to, {
      email: uniqueEmail('nocookie'),
    });
    const stranger = new Browser(emulator);
    const res = await stranger.get(pathOf(emulator, callback), { Accept: 'text/html' });
    expect(res.status).toBe(303);
    const errorUi = new URL(String(res.headers.location));
    expect(errorUi.origin + errorUi.pathname).toBe('http://127.0.0.1:4455/error');
    const stored = await stranger.get(`/self-service/errors?id=${errorUi.searchParams.get('id') ?? ''}`);
    expect(stored.body.error).toMatchObject({
      code: 400,
      reason: expect.stringContaining('The browser does not contain the necessary cookie'),
    });
    const json = await new Browser(emulator).get(pathOf(emulator, callback));
    expect(json.status).toBe(400);
    expect(json.body.error.message).toBe('no resumable session found');
    // The flow itself is untouched.
    const unchanged = await browser.get(`/self-service/login/flows?id=${flow.id}`);
    expect(unchanged.body.ui.messages ?? []).toEqual([]);
  });
});
