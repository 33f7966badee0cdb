/**
 * Passkeys and WebAuthn security keys against real Kratos v26.2.0, with the software authenticator of
 * test/harness/webauthn.ts: which nodes carry the options, which body fields carry the answers, what Kratos
 * answers. The facade's own tests rely on these answers; this file pins them down.
 *
 * Runs in `npm run test:kratos` when the `webauthn` profile (kratos.yml + webauthn.yml) is started, its URLs in
 * ORY_TEST_WEBAUTHN_SDK_URL / ORY_TEST_WEBAUTHN_ADMIN_URL. Skipped otherwise.
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { SoftwareAuthenticator } from '../harness/webauthn';
import {
  nodeValue,
  passkeyCreationOptions,
  passkeyLoginValue,
  passkeyRegisterValue,
  webauthnLoginValue,
  webauthnRegisterValue,
} from '../harness/webauthnNodes';
import { csrfToken, groupInputs, kratos, nodesOf, type Caller, type KratosAnswer } from './kratosClient';

const publicUrl = process.env.ORY_TEST_WEBAUTHN_SDK_URL ?? '';
const describeWithKratos = publicUrl !== '' ? describe : describe.skip;

const uniqueEmail = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}@webauthn.example.test`;

/** A browser (cookie jar) or a native app (session token, or nothing before sign-in). */
type Client = { kind: 'browser'; jar: CookieJar } | { kind: 'api'; token?: string };

const callerOf = (client: Client): Caller =>
  client.kind === 'browser' ? { jar: client.jar } : client.token === undefined ? {} : { token: client.token };

async function startFlow(kind: 'login' | 'registration' | 'settings', client: Client, query = '') {
  return (await kratos(`${publicUrl}/self-service/${kind}/${client.kind}${query}`, callerOf(client))).body;
}

/** Submits `body` to the flow, with the CSRF token a browser form would carry. */
async function submit(
  kind: 'login' | 'registration' | 'settings',
  client: Client,
  flow: KratosAnswer,
  body: object,
) {
  const csrf = client.kind === 'browser' ? { csrf_token: csrfToken(flow) } : {};
  return kratos(`${publicUrl}/self-service/${kind}?flow=${flow.id ?? ''}`, callerOf(client), {
    ...body,
    ...csrf,
  });
}

/** The input names of a flow's group, in order (buttons, hidden fields). */
const inputNames = (flow: KratosAnswer, group: string): Array<string | undefined> =>
  groupInputs(flow, group).map((input) => input.name);

async function signUpWithPassword(
  client: Client,
  email: string,
  password: string,
): Promise<string | undefined> {
  const flow = await startFlow('registration', client);
  const done = await submit('registration', client, flow, {
    method: 'password',
    password,
    traits: { email },
  });
  expect(done.status).toBe(200);
  return done.body.session_token;
}

describeWithKratos('passkeys and WebAuthn against real Kratos', () => {
  it.each(['browser', 'api'] as const)('signs up and in with a passkey (%s flows)', async (kind) => {
    const email = uniqueEmail(`passkey-${kind}`);
    const authenticator = new SoftwareAuthenticator({ synced: true });
    const client: Client = kind === 'browser' ? { kind, jar: new CookieJar() } : { kind };
    const registration = await startFlow('registration', client);
    expect(inputNames(registration, 'passkey')).toEqual([
      'passkey_register_trigger',
      'passkey_register',
      'passkey_create_data',
    ]);
    // The browser flow also carries webauthn.js (a script node of group webauthn); API flows never do.
    expect(nodesOf(registration).some((node) => node.type === 'script')).toBe(kind === 'browser');
    const createData = JSON.parse(nodeValue(nodesOf(registration), 'passkey_create_data')) as Record<
      string,
      unknown
    >;
    expect(createData.displayNameFieldName).toBe('traits.email');
    expect(passkeyCreationOptions(nodesOf(registration))).toMatchObject({
      rp: { id: '127.0.0.1', name: 'ory-graphql tests' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });

    const signedUp = await submit('registration', client, registration, {
      method: 'passkey',
      passkey_register: passkeyRegisterValue(authenticator, nodesOf(registration)),
      traits: { email },
    });
    expect(signedUp.status).toBe(200);
    expect(signedUp.body.session?.authentication_methods).toEqual([
      expect.objectContaining({ method: 'passkey', aal: 'aal1' }),
    ]);
    expect(signedUp.body.session_token === undefined).toBe(kind === 'browser');

    const signIn: Client = kind === 'browser' ? { kind, jar: new CookieJar() } : { kind };
    const login = await startFlow('login', signIn);
    expect(inputNames(login, 'passkey')).toEqual([
      'passkey_login_trigger',
      'passkey_login',
      'passkey_challenge',
    ]);
    const signedIn = await submit('login', signIn, login, {
      method: 'passkey',
      passkey_login: passkeyLoginValue(authenticator, nodesOf(login)),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.session).toMatchObject({
      authenticator_assurance_level: 'aal1',
      authentication_methods: [{ method: 'passkey', aal: 'aal1' }],
      identity: { id: signedUp.body.session?.identity.id, traits: { email } },
    });
  });

  it('refuses a passkey whose client data names another origin (500)', async () => {
    const authenticator = new SoftwareAuthenticator({ origin: publicUrl, synced: true });
    const client: Client = { kind: 'api' };
    const registration = await startFlow('registration', client);
    const refused = await submit('registration', client, registration, {
      method: 'passkey',
      passkey_register: passkeyRegisterValue(authenticator, nodesOf(registration)),
      traits: { email: uniqueEmail('elsewhere') },
    });
    expect(refused.status).toBe(500);
    expect(refused.body.error?.reason).toBe('Unable to create WebAuthn credential: Error validating origin');
  });

  it.each(['browser', 'api'] as const)('adds and removes a passkey in settings (%s flows)', async (kind) => {
    const email = uniqueEmail(`settings-${kind}`);
    const authenticator = new SoftwareAuthenticator({ synced: true });
    const browser: Client = kind === 'browser' ? { kind, jar: new CookieJar() } : { kind };
    const token = await signUpWithPassword(browser, email, `pw-${randomUUID()}`);
    const client: Client = browser.kind === 'browser' ? browser : { kind: 'api', token };

    const settings = await startFlow('settings', client);
    expect(inputNames(settings, 'passkey')).toEqual([
      'passkey_register_trigger',
      'passkey_settings_register',
      'passkey_create_data',
    ]);
    expect(passkeyCreationOptions(nodesOf(settings)).user.name).toBe(email);
    const added = await submit('settings', client, settings, {
      method: 'passkey',
      passkey_settings_register: passkeyRegisterValue(authenticator, nodesOf(settings)),
    });
    expect(added.status).toBe(200);
    expect(added.body.state).toBe('success');
    const removal = nodesOf(added.body).find((node) => node.attributes.name === 'passkey_remove');
    // The value is the credential id in hex; the label names it ("unnamed": no AAGUID to look a name up by).
    const credentialHex = Buffer.from(authenticator.credentialIds()[0] ?? '', 'base64url').toString('hex');
    expect(removal?.attributes).toMatchObject({ type: 'submit', value: credentialHex, disabled: false });
    expect(removal?.meta.label?.id).toBe(1050020); // Remove passkey "unnamed"

    const signIn: Client = kind === 'browser' ? { kind, jar: new CookieJar() } : { kind };
    const login = await startFlow('login', signIn);
    const signedIn = await submit('login', signIn, login, {
      method: 'passkey',
      passkey_login: passkeyLoginValue(authenticator, nodesOf(login)),
    });
    expect(signedIn.body.session?.identity.traits.email).toBe(email);

    const again = await startFlow('settings', client);
    const removed = await submit('settings', client, again, {
      method: 'passkey',
      passkey_remove: credentialHex,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.state).toBe('success');
    expect(inputNames(removed.body, 'passkey')).not.toContain('passkey_remove');
  });

  it('adds a security key in browser settings, then asks for it as second factor', async () => {
    const email = uniqueEmail('security-key');
    const password = `pw-${randomUUID()}`;
    const key = new SoftwareAuthenticator();
    const jar = new CookieJar();
    await signUpWithPassword({ kind: 'browser', jar }, email, password);

    const settings = await startFlow('settings', { kind: 'browser', jar });
    expect(inputNames(settings, 'webauthn')).toEqual(
      expect.arrayContaining([
        'webauthn_register_displayname',
        'webauthn_register',
        'webauthn_register_trigger',
      ]),
    );
    const trigger = nodesOf(settings).find((node) => node.attributes.name === 'webauthn_register_trigger');
    expect(trigger?.attributes).toMatchObject({ type: 'button', onclickTrigger: 'oryWebAuthnRegistration' });
    const added = await submit('settings', { kind: 'browser', jar }, settings, {
      method: 'webauthn',
      webauthn_register: webauthnRegisterValue(key, nodesOf(settings)),
      webauthn_register_displayname: 'Test key',
    });
    expect(added.body.state).toBe('success');
    const remove = nodesOf(added.body).find((node) => node.attributes.name === 'webauthn_remove');
    expect(remove?.meta.label).toMatchObject({ id: 1050018, context: { display_name: 'Test key' } });
    // Adding the key counts as using it: this session is aal2 now.
    expect((await kratos(`${publicUrl}/sessions/whoami`, { jar })).body.authenticator_assurance_level).toBe(
      'aal2',
    );

    // A new browser: the password alone is not enough any more.
    const browser = new CookieJar();
    const login = await startFlow('login', { kind: 'browser', jar: browser });
    const firstFactor = await submit('login', { kind: 'browser', jar: browser }, login, {
      method: 'password',
      identifier: email,
      password,
    });
    expect(firstFactor.status).toBe(422);
    expect(firstFactor.body.redirect_browser_to).toBe(`${publicUrl}/self-service/login/browser?aal=aal2`);
    const whoami = await kratos(`${publicUrl}/sessions/whoami`, { jar: browser });
    expect(whoami).toMatchObject({ status: 403, body: { error: { id: 'session_aal2_required' } } });

    const secondFactor = await startFlow('login', { kind: 'browser', jar: browser }, '?aal=aal2');
    expect(secondFactor.ui?.messages?.map((message) => message.id)).toEqual([1010004]);
    expect(groupInputs(secondFactor, 'default')).toContainEqual({ name: 'identifier', value: email });
    const signedIn = await submit('login', { kind: 'browser', jar: browser }, secondFactor, {
      method: 'webauthn',
      identifier: email, // required: the hidden identifier node
      webauthn_login: webauthnLoginValue(key, nodesOf(secondFactor)),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.session).toMatchObject({
      authenticator_assurance_level: 'aal2',
      authentication_methods: [{ method: 'password' }, { method: 'webauthn', aal: 'aal2' }],
    });

    const cleanup = await startFlow('settings', { kind: 'browser', jar: browser });
    const removed = await submit('settings', { kind: 'browser', jar: browser }, cleanup, {
      method: 'webauthn',
      webauthn_remove: nodeValue(nodesOf(cleanup), 'webauthn_remove'),
    });
    expect(removed.body.state).toBe('success');
  });

  it('offers security keys to browsers only: native settings and second-factor flows have no webauthn nodes', async () => {
    const email = uniqueEmail('native-key');
    const password = `pw-${randomUUID()}`;
    const key = new SoftwareAuthenticator();
    const jar = new CookieJar();
    await signUpWithPassword({ kind: 'browser', jar }, email, password);
    const settings = await startFlow('settings', { kind: 'browser', jar });
    await submit('settings', { kind: 'browser', jar }, settings, {
      method: 'webauthn',
      webauthn_register: webauthnRegisterValue(key, nodesOf(settings)),
    });

    const login = await startFlow('login', { kind: 'api' });
    const firstFactor = await submit('login', { kind: 'api' }, login, {
      method: 'password',
      identifier: email,
      password,
    });
    expect(firstFactor.status).toBe(200);
    const token = firstFactor.body.session_token ?? '';
    expect(firstFactor.body.session?.authenticator_assurance_level).toBe('aal1');
    expect(inputNames(await startFlow('settings', { kind: 'api', token }), 'webauthn')).toEqual([]);
    const secondFactor = await startFlow('login', { kind: 'api', token }, '?aal=aal2');
    expect(secondFactor.ui?.nodes).toBeNull();
    expect(secondFactor.ui?.messages?.map((message) => message.id)).toEqual([1010004]);
  });
});
