/**
 * Social sign-in (OIDC) against real Kratos v26.2.0 and the test OpenID provider, over plain HTTP: what a
 * browser, a native app and its system browser send, and what Kratos answers at each step. The facade's own
 * tests rely on these answers; this file pins them down.
 *
 * Runs in `npm run test:kratos` when the `oidc` profile (kratos.yml + oidc.yml) is started: its URLs in
 * ORY_TEST_OIDC_SDK_URL / ORY_TEST_OIDC_ADMIN_URL, the provider's issuer in ORY_TEST_OIDC_ISSUER. Skipped otherwise.
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { OIDC_ISSUER_ENV, fedcmTestIdToken, providerIdToken, subjectForEmail } from '../harness/oidcProvider';
import { signInAtProvider } from '../harness/oidcSignIn';
import { csrfToken, groupInputs, kratos, messageIds, type Caller, type KratosResponse } from './kratosClient';

const publicUrl = process.env.ORY_TEST_OIDC_SDK_URL ?? '';
const adminUrl = process.env.ORY_TEST_OIDC_ADMIN_URL ?? '';
const issuer = process.env[OIDC_ISSUER_ENV] ?? '';
const describeWithKratos = publicUrl !== '' && issuer !== '' ? describe : describe.skip;

/** kratos.yml: where Kratos sends browsers (default_browser_return_url and the ui_urls). */
const UI = 'http://127.0.0.1:4455';
/** oidc.yml allows it as the return_to of native flows. */
const APP_RETURN_TO = 'ory-graphql-test://oidc-callback';

const uniqueEmail = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}@oidc.example.test`;
const callbackUrl = (provider: string): string =>
  `${publicUrl}/self-service/methods/oidc/callback/${provider}`;

/** Starts a flow and submits `method: oidc` with the provider; Kratos answers 422 with the authorization URL. */
async function submitOidc(
  kind: 'login' | 'registration' | 'settings',
  caller: Caller,
  extra: Record<string, unknown> = { provider: 'test' },
  query = '',
): Promise<{ flow: KratosResponse; submitted: KratosResponse }> {
  const client = caller.jar === undefined ? 'api' : 'browser';
  const flow = await kratos(`${publicUrl}/self-service/${kind}/${client}${query}`, caller);
  const csrf = caller.jar === undefined ? {} : { csrf_token: csrfToken(flow.body) };
  const submitted = await kratos(`${publicUrl}/self-service/${kind}?flow=${flow.body.id ?? ''}`, caller, {
    method: 'oidc',
    ...extra,
    ...csrf,
  });
  return { flow, submitted };
}

/** The browser's next step: Kratos's callback, with whatever cookies that browser holds. */
function followCallback(url: string, jar: CookieJar): Promise<KratosResponse> {
  return kratos(url, { jar, accept: 'text/html' });
}

async function adminIdentity(id: string) {
  return (await kratos(`${adminUrl}/admin/identities/${id}?include_credential=oidc`)).body;
}

describeWithKratos('social sign-in against real Kratos', () => {
  it('signs a new user up in a browser: 422 to the provider, then the callback sets the session cookie', async () => {
    const email = uniqueEmail('ada');
    const jar = new CookieJar();
    const { flow, submitted } = await submitOidc('login', { jar });
    expect(groupInputs(flow.body, 'oidc')).toEqual([
      { name: 'provider', value: 'test' },
      { name: 'provider', value: 'test-id-token' },
    ]);
    expect(submitted.status).toBe(422);
    expect(submitted.body.error).toMatchObject({ id: 'browser_location_change_required', code: 422 });
    const authorize = new URL(submitted.body.redirect_browser_to ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/auth`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'kratos',
      response_type: 'code',
      scope: 'email profile openid',
      redirect_uri: callbackUrl('test'),
      code_challenge_method: 'S256',
    });
    expect(jar.names()).toContain('ory_kratos_continuity');

    const callback = new URL(
      await signInAtProvider(authorize.toString(), { email, name: 'Ada Lovelace' }, jar),
    );
    expect(`${callback.origin}${callback.pathname}`).toBe(callbackUrl('test'));
    expect(callback.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    const done = await followCallback(callback.toString(), jar);
    expect(done).toMatchObject({ status: 303, location: `${UI}/` });
    expect(jar.names()).toContain('ory_kratos_session');

    const session = (await kratos(`${publicUrl}/sessions/whoami`, { jar })).body;
    expect(session).toMatchObject({
      authenticator_assurance_level: 'aal1',
      authentication_methods: [{ method: 'oidc', aal: 'aal1', provider: 'test' }],
      identity: {
        traits: { email, name: { first: 'Ada', last: 'Lovelace' } },
        verifiable_addresses: [{ value: email, verified: true }],
      },
    });
    const identityId = session.identity?.id ?? '';
    expect((await adminIdentity(identityId)).credentials?.oidc?.identifiers).toEqual([
      `test:${subjectForEmail(email)}`,
    ]);

    // The same person again, in another browser: the same identity, no registration.
    const other = new CookieJar();
    const again = await submitOidc('login', { jar: other });
    const back = await signInAtProvider(again.submitted.body.redirect_browser_to ?? '', { email }, other);
    expect(await followCallback(back, other)).toMatchObject({ status: 303, location: `${UI}/` });
    expect((await kratos(`${publicUrl}/sessions/whoami`, { jar: other })).body.identity?.id).toBe(identityId);
  });

  it('completes a native flow through the system browser and a session token exchange', async () => {
    const email = uniqueEmail('native');
    const query = `?return_session_token_exchange_code=true&return_to=${encodeURIComponent(APP_RETURN_TO)}`;
    const { flow, submitted } = await submitOidc('login', {}, { provider: 'test' }, query);
    const initCode = flow.body.session_token_exchange_code ?? '';
    expect(initCode).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(flow.body.return_to).toBe(APP_RETURN_TO);
    expect(submitted.status).toBe(422);

    const systemBrowser = new CookieJar();
    const callback = await signInAtProvider(
      submitted.body.redirect_browser_to ?? '',
      { email },
      systemBrowser,
    );
    const done = await followCallback(callback, systemBrowser);
    expect(done.status).toBe(303);
    const returned = new URL(done.location ?? '');
    expect(`${returned.protocol}//${returned.host}`).toBe(APP_RETURN_TO);
    const returnToCode = returned.searchParams.get('code') ?? '';
    expect(returnToCode).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(systemBrowser.names()).not.toContain('ory_kratos_session');

    const exchange = `${publicUrl}/sessions/token-exchange?init_code=${initCode}&return_to_code=${returnToCode}`;
    const exchanged = await kratos(exchange);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.session_token).toMatch(/^ory_st_/);
    expect(exchanged.body.session?.identity.traits.email).toBe(email);
    const whoami = await kratos(`${publicUrl}/sessions/whoami`, {
      token: exchanged.body.session_token ?? '',
    });
    expect(whoami.status).toBe(200);
    // Kratos v26.2.0 answers a repeated exchange with the same token.
    expect((await kratos(exchange)).body.session_token).toBe(exchanged.body.session_token);
  });

  it('asks a browser for the traits the provider left out, then registers with them', async () => {
    const subject = `no-email-${randomUUID()}`;
    const email = uniqueEmail('nemo');
    const jar = new CookieJar();
    const { submitted } = await submitOidc('registration', { jar });
    const callback = await signInAtProvider(
      submitted.body.redirect_browser_to ?? '',
      { subject, name: 'Nemo Nobody' },
      jar,
    );
    const asked = await followCallback(callback, jar);
    expect(asked.status).toBe(302);
    const flowId = new URL(asked.location ?? '').searchParams.get('flow') ?? '';
    expect(asked.location).toBe(`${UI}/registration?flow=${flowId}`);

    const flow = (await kratos(`${publicUrl}/self-service/registration/flows?id=${flowId}`, { jar })).body;
    expect(flow).toMatchObject({ active: 'oidc', state: 'choose_method' });
    expect(messageIds(flow)).toEqual([4000002]); // "Property email is missing." on traits.email
    expect(groupInputs(flow, 'default')).toEqual(
      expect.arrayContaining([
        { name: 'traits.email', value: undefined },
        { name: 'traits.name.first', value: 'Nemo' },
        { name: 'traits.name.last', value: 'Nobody' },
      ]),
    );
    expect(groupInputs(flow, 'oidc')).toEqual([{ name: 'provider', value: 'test' }]);

    const completed = await kratos(
      `${publicUrl}/self-service/registration?flow=${flowId}`,
      { jar },
      {
        method: 'oidc',
        provider: 'test',
        csrf_token: csrfToken(flow),
        traits: { email, name: { first: 'Nemo', last: 'Nobody' } },
      },
    );
    expect(completed.status).toBe(422);
    // The provider remembers this browser: straight back to Kratos, no login or consent page.
    const back = await signInAtProvider(completed.body.redirect_browser_to ?? '', { subject }, jar);
    expect(await followCallback(back, jar)).toMatchObject({ status: 303, location: `${UI}/` });
    const session = (await kratos(`${publicUrl}/sessions/whoami`, { jar })).body;
    expect(session.identity).toMatchObject({
      traits: { email, name: { first: 'Nemo', last: 'Nobody' } },
      verifiable_addresses: [{ value: email, verified: false }],
    });
  });

  it('loses the traits a native app submits for the missing ones (Kratos v26.2.0)', async () => {
    const subject = `no-email-${randomUUID()}`;
    const query = `?return_session_token_exchange_code=true&return_to=${encodeURIComponent(APP_RETURN_TO)}`;
    const { flow, submitted } = await submitOidc('registration', {}, { provider: 'test' }, query);
    const systemBrowser = new CookieJar();
    const callback = await signInAtProvider(
      submitted.body.redirect_browser_to ?? '',
      { subject },
      systemBrowser,
    );
    // No code for the app: back to return_to as is; the app's own flow now asks for the email.
    expect(await followCallback(callback, systemBrowser)).toMatchObject({
      status: 303,
      location: APP_RETURN_TO,
    });
    const flowUrl = `${publicUrl}/self-service/registration/flows?id=${flow.body.id ?? ''}`;
    expect(messageIds((await kratos(flowUrl)).body)).toEqual([4000002]);

    const resubmitted = await kratos(
      `${publicUrl}/self-service/registration?flow=${flow.body.id ?? ''}`,
      {},
      {
        method: 'oidc',
        provider: 'test',
        traits: { email: uniqueEmail('lost') },
      },
    );
    expect(resubmitted.status).toBe(422);
    const again = await signInAtProvider(
      resubmitted.body.redirect_browser_to ?? '',
      { subject },
      systemBrowser,
    );
    // The traits rode in the app's continuity cookie, which the system browser never had.
    expect(await followCallback(again, systemBrowser)).toMatchObject({
      status: 303,
      location: APP_RETURN_TO,
    });
    expect(messageIds((await kratos(flowUrl)).body)).toEqual([4000002]);
  });

  it('sends the browser back to its login flow with the error when the user denies consent', async () => {
    const jar = new CookieJar();
    const { flow, submitted } = await submitOidc('login', { jar });
    const callback = new URL(
      await signInAtProvider(submitted.body.redirect_browser_to ?? '', 'alice', jar, { consent: 'deny' }),
    );
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const back = await followCallback(callback.toString(), jar);
    expect(back).toMatchObject({ status: 303, location: `${UI}/login?flow=${flow.body.id ?? ''}` });
    const after = (await kratos(`${publicUrl}/self-service/login/flows?id=${flow.body.id ?? ''}`, { jar }))
      .body;
    expect(messageIds(after)).toEqual([4000001]);
    expect(after.ui?.messages?.[0]?.text).toContain('"access_denied"');
  });

  it('offers a password account to link a provider identity with the same email', async () => {
    const email = uniqueEmail('dup');
    const password = `pw-${randomUUID()}`;
    const registration = await kratos(`${publicUrl}/self-service/registration/api`);
    await kratos(
      `${publicUrl}/self-service/registration?flow=${registration.body.id ?? ''}`,
      {},
      {
        method: 'password',
        password,
        traits: { email },
      },
    );
    const jar = new CookieJar();
    const { submitted } = await submitOidc('login', { jar });
    const callback = await signInAtProvider(submitted.body.redirect_browser_to ?? '', { email }, jar);
    const conflict = await followCallback(callback, jar);
    expect(conflict.status).toBe(303);
    const location = new URL(conflict.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${UI}/login`);
    expect(location.searchParams.get('no_org_ui')).toBe('true');
    const flowId = location.searchParams.get('flow') ?? '';
    const flow = (await kratos(`${publicUrl}/self-service/login/flows?id=${flowId}`, { jar })).body;
    expect(messageIds(flow)).toEqual([1010016]); // "… already used by another account. Sign in … to add …"
    expect(groupInputs(flow, 'default')).toContainEqual({ name: 'identifier', value: email });

    const signedIn = await kratos(
      `${publicUrl}/self-service/login?flow=${flowId}`,
      { jar },
      {
        method: 'password',
        identifier: email,
        password,
        csrf_token: csrfToken(flow),
      },
    );
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.session?.authentication_methods.map((m) => m.method)).toEqual(['password', 'oidc']);
    const identity = await adminIdentity(signedIn.body.session?.identity.id ?? '');
    expect(identity.credentials?.oidc?.identifiers).toEqual([`test:${subjectForEmail(email)}`]);
  });

  it('links and unlinks the provider in browser settings', async () => {
    const email = uniqueEmail('linker');
    const jar = new CookieJar();
    const registration = await kratos(`${publicUrl}/self-service/registration/browser`, { jar });
    await kratos(
      `${publicUrl}/self-service/registration?flow=${registration.body.id ?? ''}`,
      { jar },
      {
        method: 'password',
        password: `pw-${randomUUID()}`,
        traits: { email },
        csrf_token: csrfToken(registration.body),
      },
    );
    const { flow, submitted } = await submitOidc('settings', { jar }, { link: 'test' });
    expect(groupInputs(flow.body, 'oidc')).toEqual([
      { name: 'link', value: 'test' },
      { name: 'link', value: 'test-id-token' },
    ]);
    expect(submitted.status).toBe(422);
    const linkedEmail = uniqueEmail('linked');
    const callback = await signInAtProvider(
      submitted.body.redirect_browser_to ?? '',
      { email: linkedEmail },
      jar,
    );
    const settingsId = flow.body.id ?? '';
    expect(await followCallback(callback, jar)).toMatchObject({
      status: 303,
      location: `${UI}/settings?flow=${settingsId}`,
    });
    const linked = (await kratos(`${publicUrl}/self-service/settings/flows?id=${settingsId}`, { jar })).body;
    expect(linked.state).toBe('success');
    expect(messageIds(linked)).toEqual([1050001]);
    expect(groupInputs(linked, 'oidc')).toEqual([
      { name: 'unlink', value: 'test' },
      { name: 'link', value: 'test-id-token' },
    ]);
    const session = (await kratos(`${publicUrl}/sessions/whoami`, { jar })).body;
    expect(session.authentication_methods?.map((m) => m.method)).toEqual(['password', 'oidc']);
    const identity = await adminIdentity(session.identity?.id ?? '');
    expect(identity.credentials?.oidc?.identifiers).toEqual([`test:${subjectForEmail(linkedEmail)}`]);
    expect(identity.traits?.email).toBe(email); // linking never changes traits

    const unlinked = await submitOidc('settings', { jar }, { unlink: 'test' });
    expect(unlinked.submitted.status).toBe(200);
    expect(unlinked.submitted.body.state).toBe('success');
    expect(groupInputs(unlinked.submitted.body, 'oidc')).toEqual([
      { name: 'link', value: 'test' },
      { name: 'link', value: 'test-id-token' },
    ]);
  });

  it('cannot link a provider from a native settings flow: the system browser has no session', async () => {
    const registration = await kratos(`${publicUrl}/self-service/registration/api`);
    const signedUp = await kratos(
      `${publicUrl}/self-service/registration?flow=${registration.body.id ?? ''}`,
      {},
      {
        method: 'password',
        password: `pw-${randomUUID()}`,
        traits: { email: uniqueEmail('native-linker') },
      },
    );
    const token = signedUp.body.session_token ?? '';
    const { submitted } = await submitOidc('settings', { token }, { link: 'test' });
    expect(submitted.status).toBe(422);
    const systemBrowser = new CookieJar();
    const callback = await signInAtProvider(
      submitted.body.redirect_browser_to ?? '',
      { email: uniqueEmail('x') },
      systemBrowser,
    );
    const failed = await followCallback(callback, systemBrowser);
    expect(failed.status).toBe(303);
    const errorId = new URL(failed.location ?? '').searchParams.get('id') ?? '';
    expect(failed.location).toBe(`${UI}/error?id=${errorId}`);
    const error = (await kratos(`${publicUrl}/self-service/errors?id=${errorId}`)).body;
    expect(error.error).toMatchObject({ id: 'session_inactive', code: 401 });
  });

  it('takes id_token submissions only from the fedcm-test provider, nonce checked', async () => {
    const nonce = randomUUID();
    const email = uniqueEmail('idtoken');
    const generic = await submitOidc(
      'login',
      {},
      {
        provider: 'test',
        id_token: await providerIdToken(issuer, { email }, { nonce }),
        id_token_nonce: nonce,
      },
    );
    expect(generic.submitted).toMatchObject({
      status: 502,
      body: {
        error: {
          id: 'upstream_error',
          reason: 'The provider generic does not support id_token verification',
        },
      },
    });

    const accepted = await submitOidc(
      'login',
      {},
      {
        provider: 'test-id-token',
        id_token: fedcmTestIdToken({ email, name: 'Idris Token' }, nonce),
        id_token_nonce: nonce,
      },
    );
    expect(accepted.submitted.status).toBe(200);
    expect(accepted.submitted.body.session_token).toMatch(/^ory_st_/);
    expect(accepted.submitted.body.session).toMatchObject({
      authentication_methods: [{ method: 'oidc', provider: 'test-id-token' }],
      identity: { traits: { email, name: { first: 'Idris', last: 'Token' } } },
    });

    const wrongNonce = await submitOidc(
      'login',
      {},
      {
        provider: 'test-id-token',
        id_token: fedcmTestIdToken({ email }, 'another-nonce'),
        id_token_nonce: nonce,
      },
    );
    expect(wrongNonce.submitted).toMatchObject({
      status: 502,
      body: { error: { reason: 'The supplied nonce does not match the nonce from the id_token' } },
    });
  });

  it('asks a native app for missing traits after an id_token, and registers with them', async () => {
    const nonce = randomUUID();
    const subject = `no-email-${randomUUID()}`;
    const idToken = fedcmTestIdToken({ subject }, nonce);
    const { flow, submitted } = await submitOidc(
      'registration',
      {},
      {
        provider: 'test-id-token',
        id_token: idToken,
        id_token_nonce: nonce,
      },
    );
    expect(submitted.status).toBe(400);
    expect(submitted.body).toMatchObject({ id: flow.body.id, type: 'api', state: 'choose_method' });
    expect(messageIds(submitted.body)).toEqual([4000002]);

    const email = uniqueEmail('completed');
    const completed = await kratos(
      `${publicUrl}/self-service/registration?flow=${flow.body.id ?? ''}`,
      {},
      {
        method: 'oidc',
        provider: 'test-id-token',
        id_token: idToken,
        id_token_nonce: nonce,
        traits: { email },
      },
    );
    expect(completed.status).toBe(200);
    expect(completed.body.session?.identity.traits.email).toBe(email);
  });
});
