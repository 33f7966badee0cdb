/**
 * Settings for a signed-in caller: profile traits and password, the privileged-session window, browser flows.
 */
import { CookieJar } from '../harness/cookieJar';
import { startFacade, useFacade, errorCode, type Facade } from '../harness/facade';
import { SIGN_IN, browserSignUp, loginFlowId, newUser, signUp } from '../harness/fixtures';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const CREATE =
  'mutation ($client: FlowClient) { createSettingsFlow(input: { client: $client }) { id state csrfToken identity { id traits } } }';
const UPDATE = `mutation ($input: UpdateSettingsFlowInput!) {
  updateSettingsFlow(input: $input) {
    __typename
    ... on SettingsFlow { id state identity { traits } ui { messages { id type } nodes { attributes { ... on UiNodeInputAttributes { name } } messages { id } } } }
    ... on SessionRefreshRequired { redirectBrowserTo reason loginFlow { id type refresh } }
  }
}`;

describe('native settings', () => {
  it('changes profile traits', async () => {
    const user = newUser('Gil');
    const { token, identityId } = await signUp(env.facade, user);
    const created = await env.facade.gql(CREATE, {}, { token });
    expect(created.errors).toBeUndefined();
    const flow = created.data?.createSettingsFlow;
    expect(flow).toMatchObject({ state: 'SHOW_FORM', identity: { id: identityId } });

    const traits = { email: user.email, name: { first: 'Gilbert', last: 'Tester' } };
    const res = await env.facade.gql(UPDATE, { input: { flowId: flow.id, profile: { traits } } }, { token });
    expect(res.errors).toBeUndefined();
    const saved = res.data?.updateSettingsFlow;
    expect(saved).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS', identity: { traits } });
    expect(saved.ui.messages).toEqual([{ id: 1050001, type: 'SUCCESS' }]);
    const me = await env.facade.gql('{ me { identity { traits } } }', {}, { token });
    expect(me.data?.me.identity.traits).toEqual(traits);
  });

  it('changes the password, after which only the new one signs in', async () => {
    const user = newUser('Hal');
    const { token } = await signUp(env.facade, user);
    const flow = (await env.facade.gql(CREATE, {}, { token })).data?.createSettingsFlow;
    const res = await env.facade.gql(
      UPDATE,
      { input: { flowId: flow.id, password: { password: 'A-Brand-New-Pass-99' } } },
      { token },
    );
    expect(res.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });

    const oldLogin = await env.facade.gql(SIGN_IN, {
      flowId: await loginFlowId(env.facade),
      identifier: user.email,
      password: user.password,
    });
    expect(oldLogin.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    const newLogin = await env.facade.gql(SIGN_IN, {
      flowId: await loginFlowId(env.facade),
      identifier: user.email,
      password: 'A-Brand-New-Pass-99',
    });
    expect(newLogin.data?.updateLoginFlow.__typename).toBe('LoginSuccess');
  });

  it('returns invalid traits as the flow with node messages', async () => {
    const user = newUser('Ivy');
    const { token } = await signUp(env.facade, user);
    const flow = (await env.facade.gql(CREATE, {}, { token })).data?.createSettingsFlow;
    const res = await env.facade.gql(
      UPDATE,
      { input: { flowId: flow.id, profile: { traits: { email: 'not-an-email' } } } },
      { token },
    );
    const answer = res.data?.updateSettingsFlow;
    expect(answer.__typename).toBe('SettingsFlow');
    expect(answer.state).toBe('SHOW_FORM');
    const email = answer.ui.nodes.find(
      (node: { attributes: { name?: string } }) => node.attributes.name === 'traits.email',
    );
    expect(email.messages.length).toBeGreaterThan(0);
  });

  it('refuses a settings flow to a caller who is not signed in', async () => {
    const res = await env.facade.gql(CREATE);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('refuses two methods at once with BAD_USER_INPUT', async () => {
    const { token } = await signUp(env.facade, newUser('Jo'));
    const flow = (await env.facade.gql(CREATE, {}, { token })).data?.createSettingsFlow;
    const res = await env.facade.gql(
      UPDATE,
      { input: { flowId: flow.id, password: { password: 'Xx-Whatever-77' }, profile: { traits: {} } } },
      { token },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('browser settings', () => {
  it("changes traits with the cookie session and the flow's CSRF token", async () => {
    const jar = new CookieJar();
    const user = newUser('Kai');
    await browserSignUp(env.facade, user, jar);
    const created = await env.facade.gql(CREATE, { client: 'BROWSER' }, { jar });
    const flow = created.data?.createSettingsFlow;
    expect(flow.csrfToken.length).toBeGreaterThan(0);
    const traits = { email: user.email, name: { first: 'Kaia', last: 'T' } };
    const res = await env.facade.gql(
      UPDATE,
      { input: { flowId: flow.id, csrfToken: flow.csrfToken, profile: { traits } } },
      { jar },
    );
    expect(res.data?.updateSettingsFlow).toMatchObject({ state: 'SUCCESS', identity: { traits } });
  });
});

describe('privileged session window', () => {
  let shortWindow: { backend: OryBackend; facade: Facade };

  beforeAll(async () => {
    const b = await startOryBackend({ profile: 'shortLived' });
    shortWindow = { backend: b, facade: await startFacade(b) };
  });

  afterAll(async () => {
    await shortWindow.facade.stop();
    await shortWindow.backend.close();
  });

  it('asks for a fresh sign-in before a password change once the session is too old', async () => {
    const f = shortWindow.facade;
    const { token } = await signUp(f, newUser('Lou'));
    const flow = (await f.gql(CREATE, {}, { token })).data?.createSettingsFlow;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const res = await f.gql(
      UPDATE,
      { input: { flowId: flow.id, password: { password: 'Another-Pass-123' } } },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateSettingsFlow.__typename).toBe('SessionRefreshRequired');
    expect(res.data?.updateSettingsFlow.redirectBrowserTo).toContain('refresh=true');
    // The login flow to complete first: native like the refused submission, re-authenticating.
    const { loginFlow } = res.data!.updateSettingsFlow;
    expect(loginFlow).toMatchObject({ type: 'NATIVE', refresh: true });
    const fetched = await f.gql(
      'query ($id: ID!) { loginFlow(id: $id) { refresh } }',
      { id: loginFlow.id },
      { token },
    );
    expect(fetched.data?.loginFlow.refresh).toBe(true);
  });
});
