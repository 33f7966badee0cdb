/**
 * Social sign-in (OIDC) through GraphQL, for browsers and native apps: the submission answers `FlowRedirect` to
 * the provider; the browser signs in there and comes back to Ory's callback; the facade then sees the session.
 * Native apps finish with the session token exchange, or sign in with a provider's ID token. Settings link and
 * unlink providers; a sign-up the provider cannot complete (no email) comes back as the registration flow to
 * finish. Against the emulator (its built-in provider page) and real Kratos (a real OpenID provider).
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { errorCode, useFacade, type Facade } from '../harness/facade';
import { fedcmTestIdToken, OIDC_ID_TOKEN_PROVIDER_ID, OIDC_PROVIDER_ID } from '../harness/oidcProvider';
import { startOryBackend } from '../harness/oryBackend';
import { followCallback, signInAtAnyProvider } from '../harness/socialSignIn';

const TOKENS_ADMIN = `provider-tokens-admin-${randomUUID()}`;
const env = useFacade(() => startOryBackend({ profile: 'oidc' }), {
  PROVIDER_TOKENS_ADMIN_TOKENS: TOKENS_ADMIN,
});

/** The return URL a native test app catches (allowed in the oidc profile). */
const APP_RETURN = 'ory-graphql-test://oidc-callback';

const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

const SUBMIT_LOGIN = `mutation ($input: UpdateLoginFlowInput!) {
  updateLoginFlow(input: $input) {
    __typename
    ... on FlowRedirect { redirectBrowserTo }
    ... on LoginSuccess { sessionToken session { identity { id traits } authenticationMethods { method } } }
    ... on LoginFlow { ui { messages { id } } }
  }
}`;

/** A browser starts a social sign-in from a new login flow: the facade answers where to send it. */
async function browserStart(facade: Facade, jar: CookieJar): Promise<string> {
  const created = await facade.gql(
    'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
    {},
    { jar },
  );
  const { id, csrfToken } = created.data!.createLoginFlow;
  const res = await facade.gql(
    SUBMIT_LOGIN,
    { input: { flowId: id, csrfToken, oidc: { provider: OIDC_PROVIDER_ID } } },
    { jar },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.updateLoginFlow.__typename).toBe('FlowRedirect');
  return res.data?.updateLoginFlow.redirectBrowserTo;
}

describe('browser social sign-in', () => {
  it('redirects to the provider, and after the callback the facade sees the session by cookie', async () => {
    const jar = new CookieJar();
    const email = newEmail('social');
    const redirect = await browserStart(env.facade, jar);
    const callback = await signInAtAnyProvider(redirect, { email, name: 'Sam Social' });
    const back = await followCallback(callback, jar);
    expect(back.status).toBe(303);
    const me = await env.facade.gql(
      '{ me { identity { traits } authenticationMethods { method provider } } }',
      {},
      { jar },
    );
    expect(me.errors).toBeUndefined();
    expect(me.data?.me.identity.traits).toMatchObject({ email, name: { first: 'Sam', last: 'Social' } });
    expect(me.data?.me.authenticationMethods).toEqual([{ method: 'oidc', provider: OIDC_PROVIDER_ID }]);
  });

  it('shows the connection to administrators, and its provider tokens only with the provider-tokens scope', async () => {
    const jar = new CookieJar();
    const redirect = await browserStart(env.facade, jar);
    await followCallback(await signInAtAnyProvider(redirect, { email: newEmail('tokens') }), jar);
    const id = (await env.facade.gql('{ me { identity { id } } }', {}, { jar })).data?.me.identity.id;
    const query = `query ($id: ID!) { identity(id: $id, includeCredentials: [OIDC]) {
      credentials { type connections { provider subject initialAccessToken } } } }`;
    const plain = await env.facade.gql(query, { id }, { admin: true });
    expect(errorCode(plain)).toBe('FORBIDDEN');
    const scoped = await env.facade.gql(
      query,
      { id },
      { headers: { Authorization: `Bearer ${TOKENS_ADMIN}` } },
    );
    expect(scoped.errors).toBeUndefined();
    const oidc = scoped.data?.identity.credentials.find((c: { type: string }) => c.type === 'OIDC');
    expect(oidc.connections).toEqual([
      { provider: OIDC_PROVIDER_ID, subject: expect.any(String), initialAccessToken: expect.any(String) },
    ]);
    expect(oidc.connections[0].initialAccessToken.length).toBeGreaterThan(0);
  });

  it('returns the registration flow to complete when the provider gives no email, and finishes with the traits', async () => {
    const jar = new CookieJar();
    const redirect = await browserStart(env.facade, jar);
    const subject = `no-email-${randomUUID()}`;
    const back = await followCallback(
      await signInAtAnyProvider(redirect, { subject, name: 'Nomail Person' }),
      jar,
    );
    const flowId = new URL(back.location ?? '', 'http://x.invalid').searchParams.get('flow');
    expect(flowId).toEqual(expect.any(String));
    const flow = await env.facade.gql(
      'query ($id: ID!) { registrationFlow(id: $id) { csrfToken active ui { nodes { messages { id } } } } }',
      { id: flowId },
      { jar },
    );
    expect(flow.errors).toBeUndefined();
    expect(flow.data?.registrationFlow.active).toBe('oidc');
    const ids = flow.data?.registrationFlow.ui.nodes.flatMap((node: { messages: Array<{ id: number }> }) =>
      node.messages.map((m) => m.id),
    );
    expect(ids).toContain(4000002);
    const email = newEmail('completed');
    const finish = await env.facade.gql(
      `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) { __typename ... on FlowRedirect { redirectBrowserTo } } }`,
      {
        input: {
          flowId,
          csrfToken: flow.data?.registrationFlow.csrfToken,
          oidc: { provider: OIDC_PROVIDER_ID, traits: { email } },
        },
      },
      { jar },
    );
    expect(finish.data?.updateRegistrationFlow.__typename).toBe('FlowRedirect');
    await followCallback(
      await signInAtAnyProvider(finish.data?.updateRegistrationFlow.redirectBrowserTo, {
        subject,
        name: 'Nomail Person',
      }),
      jar,
    );
    const me = await env.facade.gql('{ me { identity { traits } } }', {}, { jar });
    expect(me.data?.me.identity.traits.email).toBe(email);
  });

  it('links and unlinks a provider in settings', async () => {
    const jar = new CookieJar();
    const email = newEmail('linker');
    // A password account first (registered through the facade as a browser).
    const reg = await env.facade.gql(
      'mutation { createRegistrationFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    const signUp = await env.facade.gql(
      `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) { __typename } }`,
      {
        input: {
          flowId: reg.data?.createRegistrationFlow.id,
          csrfToken: reg.data?.createRegistrationFlow.csrfToken,
          password: { password: `Link-${randomUUID()}`, traits: { email } },
        },
      },
      { jar },
    );
    expect(signUp.data?.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');
    const settings = async () =>
      (
        await env.facade.gql(
          'mutation { createSettingsFlow(input: { client: BROWSER }) { id csrfToken } }',
          {},
          { jar },
        )
      ).data?.createSettingsFlow;
    const update = `mutation ($input: UpdateSettingsFlowInput!) { updateSettingsFlow(input: $input) {
      __typename ... on FlowRedirect { redirectBrowserTo } ... on SettingsFlow { state } } }`;
    const first = await settings();
    const link = await env.facade.gql(
      update,
      { input: { flowId: first.id, csrfToken: first.csrfToken, oidc: { link: OIDC_PROVIDER_ID } } },
      { jar },
    );
    expect(link.data?.updateSettingsFlow.__typename).toBe('FlowRedirect');
    const back = await followCallback(
      await signInAtAnyProvider(link.data?.updateSettingsFlow.redirectBrowserTo, {
        email: newEmail('linked'),
      }),
      jar,
    );
    expect(back.status).toBe(303);
    const linked = await env.facade.gql('{ me { identity { id } } }', {}, { jar });
    const id = linked.data?.me.identity.id;
    const connections = async () =>
      (
        await env.facade.gql(
          'query ($id: ID!) { identity(id: $id) { credentials { type connections { provider } } } }',
          { id },
          { admin: true },
        )
      ).data?.identity.credentials
        .filter((c: { type: string }) => c.type === 'OIDC')
        .flatMap((c: { connections: unknown[] }) => c.connections);
    expect(await connections()).toEqual([{ provider: OIDC_PROVIDER_ID }]);
    const second = await settings();
    const unlink = await env.facade.gql(
      update,
      { input: { flowId: second.id, csrfToken: second.csrfToken, oidc: { unlink: OIDC_PROVIDER_ID } } },
      { jar },
    );
    expect(unlink.data?.updateSettingsFlow).toEqual({ __typename: 'SettingsFlow', state: 'SUCCESS' });
    expect(await connections()).toEqual([]);
  });
});

describe('native social sign-in', () => {
  it('finishes a browser-based sign-in with the session token exchange', async () => {
    const created = await env.facade.gql(
      'mutation ($to: String!) { createLoginFlow(input: { returnSessionTokenExchangeCode: true, returnTo: $to }) { id sessionTokenExchangeCode } }',
      { to: APP_RETURN },
    );
    expect(created.errors).toBeUndefined();
    const { id, sessionTokenExchangeCode } = created.data!.createLoginFlow;
    expect(sessionTokenExchangeCode).toEqual(expect.any(String));
    const start = await env.facade.gql(SUBMIT_LOGIN, {
      input: { flowId: id, oidc: { provider: OIDC_PROVIDER_ID } },
    });
    expect(start.data?.updateLoginFlow.__typename).toBe('FlowRedirect');
    // The system browser has no Ory cookies of the app; Ory sends it back to the app with a code.
    const email = newEmail('native');
    const back = await followCallback(
      await signInAtAnyProvider(start.data?.updateLoginFlow.redirectBrowserTo, { email }),
    );
    const appUrl = new URL(back.location ?? '');
    expect(`${appUrl.protocol}//${appUrl.host}${appUrl.pathname}`).toBe(APP_RETURN);
    const returnToCode = appUrl.searchParams.get('code');
    const exchanged = await env.facade.gql(
      'mutation ($init: String!, $code: String!) { exchangeSessionToken(input: { initCode: $init, returnToCode: $code }) { sessionToken session { identity { traits } } } }',
      { init: sessionTokenExchangeCode, code: returnToCode },
    );
    expect(exchanged.errors).toBeUndefined();
    const { sessionToken } = exchanged.data!.exchangeSessionToken;
    const me = await env.facade.gql('{ me { identity { traits } } }', {}, { token: sessionToken });
    expect(me.data?.me.identity.traits.email).toBe(email);
  });

  it('refuses unknown exchange codes with NOT_FOUND, and malformed ones before asking Ory', async () => {
    const query =
      'mutation ($init: String!, $code: String!) { exchangeSessionToken(input: { initCode: $init, returnToCode: $code }) { sessionToken } }';
    const unknown = await env.facade.gql(query, { init: 'a'.repeat(64), code: 'b'.repeat(32) });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    env.backend.resetCalls();
    const malformed = await env.facade.gql(query, { init: '../sessions', code: 'x' });
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it("refuses an exchange code for a browser flow, which gets Ory's cookie instead", async () => {
    const res = await env.facade.gql(
      'mutation { createLoginFlow(input: { client: BROWSER, returnSessionTokenExchangeCode: true }) { id } }',
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it("signs in with an ID token from the provider's own SDK, registering the account on first use", async () => {
    const created = await env.facade.gql('mutation { createLoginFlow { id } }');
    const nonce = randomUUID();
    const email = newEmail('idtoken');
    const idToken = fedcmTestIdToken({ email, name: 'Ida Token' }, nonce);
    const res = await env.facade.gql(SUBMIT_LOGIN, {
      input: {
        flowId: created.data?.createLoginFlow.id,
        oidc: { provider: OIDC_ID_TOKEN_PROVIDER_ID, idToken, idTokenNonce: nonce },
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      sessionToken: expect.stringMatching(/^ory_st_/),
      session: { identity: { traits: { email } }, authenticationMethods: [{ method: 'oidc' }] },
    });
  });
});
