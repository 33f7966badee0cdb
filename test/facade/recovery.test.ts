/**
 * Account recovery with a code: the code is read from Ory's courier through the admin API, as with a real Kratos.
 */
import { CookieJar } from '../harness/cookieJar';
import { useFacade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const SUBMIT = `mutation ($id: ID!, $csrf: String, $email: String, $code: String) {
  updateRecoveryFlow(input: { flowId: $id, csrfToken: $csrf, code: { email: $email, code: $code } }) {
    __typename
    ... on RecoveryFlow {
      id state ui { messages { id type } }
      continueWith {
        __typename
        ... on ContinueWithSetOrySessionToken { orySessionToken }
        ... on ContinueWithSettingsUi { flow { id url } }
      }
    }
    ... on FlowExpired { useFlowId }
  }
}`;

async function createFlow(client: 'NATIVE' | 'BROWSER', jar?: CookieJar) {
  const res = await env.facade.gql(
    `mutation { createRecoveryFlow(input: { client: ${client} }) { id state csrfToken } }`,
    {},
    { jar },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.createRecoveryFlow.state).toBe('CHOOSE_METHOD');
  return res.data?.createRecoveryFlow;
}

describe('native recovery', () => {
  it('sends a code, and the code signs the user in with a token and a settings flow to set a new password', async () => {
    const user = newUser('Rita');
    const { identityId } = await signUp(env.facade, user);
    const flow = await createFlow('NATIVE');

    const sent = await env.facade.gql(SUBMIT, { id: flow.id, email: user.email });
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.updateRecoveryFlow).toMatchObject({ __typename: 'RecoveryFlow', state: 'SENT_EMAIL' });
    expect(sent.data?.updateRecoveryFlow.ui.messages.map((m: { id: number }) => m.id)).toContain(1060003);

    const code = await courierCode(env.backend, user.email);
    const done = await env.facade.gql(SUBMIT, { id: flow.id, code });
    expect(done.errors).toBeUndefined();
    const recovered = done.data?.updateRecoveryFlow;
    expect(recovered.state).toBe('PASSED_CHALLENGE');
    const token = recovered.continueWith.find(
      (item: { __typename: string }) => item.__typename === 'ContinueWithSetOrySessionToken',
    );
    const settings = recovered.continueWith.find(
      (item: { __typename: string }) => item.__typename === 'ContinueWithSettingsUi',
    );
    expect(token.orySessionToken).toMatch(/^ory_st_/);
    expect(settings.flow.id).toEqual(expect.any(String));

    const me = await env.facade.gql(
      '{ me { identity { id } authenticationMethods { method } } }',
      {},
      { token: token.orySessionToken },
    );
    expect(me.data?.me.identity.id).toBe(identityId);
    expect(me.data?.me.authenticationMethods.map((m: { method: string }) => m.method)).toContain(
      'code_recovery',
    );

    const settingsFlow = await env.facade.gql(
      'query ($id: ID!) { settingsFlow(id: $id) { id state identity { id } } }',
      { id: settings.flow.id },
      { token: token.orySessionToken },
    );
    expect(settingsFlow.data?.settingsFlow).toMatchObject({
      state: 'SHOW_FORM',
      identity: { id: identityId },
    });
  });

  it('answers a wrong code with the flow and message 4060006, not an error', async () => {
    const user = newUser('Sam');
    await signUp(env.facade, user);
    const flow = await createFlow('NATIVE');
    await env.facade.gql(SUBMIT, { id: flow.id, email: user.email });
    const code = await courierCode(env.backend, user.email);
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await env.facade.gql(SUBMIT, { id: flow.id, code: wrong });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRecoveryFlow).toMatchObject({ __typename: 'RecoveryFlow', state: 'SENT_EMAIL' });
    expect(res.data?.updateRecoveryFlow.ui.messages.map((m: { id: number }) => m.id)).toContain(4060006);
  });

  it('answers an unknown address like a known one (no account enumeration)', async () => {
    const flow = await createFlow('NATIVE');
    const res = await env.facade.gql(SUBMIT, { id: flow.id, email: newUser('Nobody').email });
    expect(res.data?.updateRecoveryFlow).toMatchObject({ __typename: 'RecoveryFlow', state: 'SENT_EMAIL' });
  });

  it('refuses a submission without a method with BAD_USER_INPUT', async () => {
    const flow = await createFlow('NATIVE');
    const res = await env.facade.gql(
      'mutation ($id: ID!) { updateRecoveryFlow(input: { flowId: $id }) { __typename } }',
      { id: flow.id },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('browser recovery', () => {
  it('signs the browser in with a session cookie and never returns a token', async () => {
    const user = newUser('Tia');
    const { identityId } = await signUp(env.facade, user);
    const jar = new CookieJar();
    const flow = await createFlow('BROWSER', jar);
    expect(flow.csrfToken.length).toBeGreaterThan(0);

    const sent = await env.facade.gql(
      SUBMIT,
      { id: flow.id, csrf: flow.csrfToken, email: user.email },
      { jar },
    );
    expect(sent.data?.updateRecoveryFlow.state).toBe('SENT_EMAIL');
    const code = await courierCode(env.backend, user.email);
    const done = await env.facade.gql(SUBMIT, { id: flow.id, csrf: flow.csrfToken, code }, { jar });
    expect(done.errors).toBeUndefined();
    const recovered = done.data?.updateRecoveryFlow;
    expect(recovered.state).toBe('PASSED_CHALLENGE');
    expect(recovered.continueWith.map((item: { __typename: string }) => item.__typename)).not.toContain(
      'ContinueWithSetOrySessionToken',
    );
    expect(done.text).not.toContain('ory_st_');

    const me = await env.facade.gql('{ me { identity { id } } }', {}, { jar });
    expect(me.data?.me.identity.id).toBe(identityId);
  });
});
