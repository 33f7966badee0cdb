/**
 * Passwordless sign-in and sign-up with one-time codes (Ory's `code` method), for native apps and browsers: the
 * first submission sends the code (the flow comes back in state `SENT_EMAIL`), the second signs in. Against the
 * emulator and real Kratos (the `methods` profile).
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { errorCode, useFacade } from '../harness/facade';
import { UI_FIELDS, messageIds, type TestUi } from '../harness/flowNodes';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend({ profile: 'methods' }));

const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

const LOGIN = `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
  __typename
  ... on LoginFlow { state ui { ${UI_FIELDS} } }
  ... on LoginSuccess { sessionToken session { identity { traits } authenticationMethods { method } } }
} }`;
const REGISTER = `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) {
  __typename
  ... on RegistrationFlow { state ui { ${UI_FIELDS} } }
  ... on RegistrationSuccess { sessionToken identity { traits } session { id } }
} }`;

async function codeSignUp(email: string): Promise<string> {
  const flowId = (await env.facade.gql('mutation { createRegistrationFlow { id } }')).data
    ?.createRegistrationFlow.id;
  const traits = { email };
  const sent = await env.facade.gql(REGISTER, { input: { flowId, code: { traits } } });
  expect(sent.data?.updateRegistrationFlow).toMatchObject({
    __typename: 'RegistrationFlow',
    state: 'SENT_EMAIL',
  });
  const done = await env.facade.gql(REGISTER, {
    input: { flowId, code: { traits, code: await courierCode(env.backend, email) } },
  });
  expect(done.data?.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');
  return done.data?.updateRegistrationFlow.sessionToken;
}

describe('code sign-up', () => {
  it('sends a code to the address in the traits, then registers and signs in with it', async () => {
    const email = newEmail('coded');
    const token = await codeSignUp(email);
    expect(token).toMatch(/^ory_st_/);
    const me = await env.facade.gql('{ me { identity { traits } } }', {}, { token });
    expect(me.data?.me.identity.traits.email).toBe(email);
  });

  it("answers a wrong code with the flow and Ory's message, not an error", async () => {
    const email = newEmail('wrongreg');
    const flowId = (await env.facade.gql('mutation { createRegistrationFlow { id } }')).data
      ?.createRegistrationFlow.id;
    await env.facade.gql(REGISTER, { input: { flowId, code: { traits: { email } } } });
    const code = await courierCode(env.backend, email);
    const wrong = await env.facade.gql(REGISTER, {
      input: { flowId, code: { traits: { email }, code: code === '000000' ? '111111' : '000000' } },
    });
    expect(wrong.data?.updateRegistrationFlow.__typename).toBe('RegistrationFlow');
    expect(messageIds(wrong.data?.updateRegistrationFlow.ui as TestUi)).toContain(4040003);
  });
});

describe('code sign-in', () => {
  it('sends a code to the identifier and signs in with it (native)', async () => {
    const email = newEmail('codelogin');
    await codeSignUp(email);
    const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
    const sent = await env.facade.gql(LOGIN, { input: { flowId, code: { identifier: email } } });
    expect(sent.data?.updateLoginFlow).toMatchObject({ __typename: 'LoginFlow', state: 'SENT_EMAIL' });
    expect(messageIds(sent.data?.updateLoginFlow.ui as TestUi)).toContain(1010014);
    const done = await env.facade.gql(LOGIN, {
      input: { flowId, code: { identifier: email, code: await courierCode(env.backend, email) } },
    });
    expect(done.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      sessionToken: expect.stringMatching(/^ory_st_/),
      session: { identity: { traits: { email } }, authenticationMethods: [{ method: 'code' }] },
    });
  });

  it('resends a code on request, and the new one works', async () => {
    const email = newEmail('resend');
    await codeSignUp(email);
    const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
    await env.facade.gql(LOGIN, { input: { flowId, code: { identifier: email } } });
    const first = await courierCode(env.backend, email);
    const resent = await env.facade.gql(LOGIN, {
      input: { flowId, code: { identifier: email, resend: true } },
    });
    expect(resent.data?.updateLoginFlow).toMatchObject({ __typename: 'LoginFlow', state: 'SENT_EMAIL' });
    const second = await courierCode(env.backend, email);
    const done = await env.facade.gql(LOGIN, {
      input: { flowId, code: { identifier: email, code: second } },
    });
    expect(done.data?.updateLoginFlow.__typename).toBe('LoginSuccess');
    expect(typeof first).toBe('string');
  });

  it("signs a browser in with the code: Ory's cookie, never a token", async () => {
    const email = newEmail('browsercode');
    await codeSignUp(email);
    const jar = new CookieJar();
    const created = await env.facade.gql(
      'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    const { id: flowId, csrfToken } = created.data!.createLoginFlow;
    await env.facade.gql(LOGIN, { input: { flowId, csrfToken, code: { identifier: email } } }, { jar });
    const done = await env.facade.gql(
      LOGIN,
      {
        input: {
          flowId,
          csrfToken,
          code: { identifier: email, code: await courierCode(env.backend, email) },
        },
      },
      { jar },
    );
    expect(done.data?.updateLoginFlow).toMatchObject({ __typename: 'LoginSuccess', sessionToken: null });
    expect(done.text).not.toContain('ory_st_');
    const me = await env.facade.gql('{ me { identity { traits } } }', {}, { jar });
    expect(me.data?.me.identity.traits.email).toBe(email);
  });

  it('answers a wrong code with the flow and message 4010008', async () => {
    const email = newEmail('wrongcode');
    await codeSignUp(email);
    const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
    await env.facade.gql(LOGIN, { input: { flowId, code: { identifier: email } } });
    const code = await courierCode(env.backend, email);
    const wrong = await env.facade.gql(LOGIN, {
      input: { flowId, code: { identifier: email, code: code === '000000' ? '111111' : '000000' } },
    });
    expect(wrong.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    expect(messageIds(wrong.data?.updateLoginFlow.ui as TestUi)).toContain(4010008);
  });

  it('refuses two methods at once, before asking Ory', async () => {
    const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
    env.backend.resetCalls();
    const res = await env.facade.gql(LOGIN, {
      input: {
        flowId,
        code: { identifier: 'a@example.test' },
        password: { identifier: 'a@example.test', password: 'x' },
      },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });
});
