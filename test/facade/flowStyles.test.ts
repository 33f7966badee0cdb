/**
 * Ory's two-step flow styles through GraphQL: login `identifier_first` (the identifier, then the method the
 * account has) and registration `profile_first` (the traits, then the credential). Against the emulator and real
 * Kratos (the `identifierFirst` profile).
 */
import { randomUUID } from 'node:crypto';
import { useFacade } from '../harness/facade';
import { UI_FIELDS, messageIds, type TestUi } from '../harness/flowNodes';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend({ profile: 'identifierFirst' }));

const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;
const password = () => `Two-Steps-${randomUUID().slice(0, 8)}`;

const REGISTER = `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) {
  __typename
  ... on RegistrationFlow { state ui { ${UI_FIELDS} } }
  ... on RegistrationSuccess { sessionToken identity { traits } }
} }`;
const LOGIN = `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
  __typename
  ... on LoginFlow { state ui { ${UI_FIELDS} } }
  ... on LoginSuccess { sessionToken session { authenticationMethods { method } } }
} }`;

const inputNames = (ui: TestUi): string[] => ui.nodes.map((n) => n.attributes.name ?? '').filter(Boolean);

async function registerProfileFirst(email: string, secret: string): Promise<string> {
  const flowId = (await env.facade.gql('mutation { createRegistrationFlow { id } }')).data
    ?.createRegistrationFlow.id;
  const traits = { email, name: { first: 'Pro', last: 'File' } };
  const profile = await env.facade.gql(REGISTER, { input: { flowId, profile: { traits } } });
  expect(profile.data?.updateRegistrationFlow.__typename).toBe('RegistrationFlow');
  expect(messageIds(profile.data?.updateRegistrationFlow.ui as TestUi)).toContain(1040009);
  expect(inputNames(profile.data?.updateRegistrationFlow.ui as TestUi)).toContain('password');
  const done = await env.facade.gql(REGISTER, { input: { flowId, password: { password: secret, traits } } });
  expect(done.data?.updateRegistrationFlow).toMatchObject({
    __typename: 'RegistrationSuccess',
    identity: { traits },
  });
  return done.data?.updateRegistrationFlow.sessionToken;
}

describe('profile-first registration', () => {
  it('takes the traits first, then the credential', async () => {
    const token = await registerProfileFirst(newEmail('profile'), password());
    expect(token).toMatch(/^ory_st_/);
  });

  it('goes back from the credential screen to the traits (screen: PREVIOUS)', async () => {
    const flowId = (await env.facade.gql('mutation { createRegistrationFlow { id } }')).data
      ?.createRegistrationFlow.id;
    const traits = { email: newEmail('back') };
    await env.facade.gql(REGISTER, { input: { flowId, profile: { traits } } });
    const back = await env.facade.gql(REGISTER, {
      input: { flowId, profile: { traits, screen: 'PREVIOUS' } },
    });
    expect(back.data?.updateRegistrationFlow.__typename).toBe('RegistrationFlow');
    expect(inputNames(back.data?.updateRegistrationFlow.ui as TestUi)).not.toContain('password');
    expect(inputNames(back.data?.updateRegistrationFlow.ui as TestUi)).toContain('traits.email');
  });
});

describe('identifier-first login', () => {
  it('asks for the identifier, then for the method the account has', async () => {
    const email = newEmail('idfirst');
    const secret = password();
    await registerProfileFirst(email, secret);
    const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
    const first = await env.facade.gql(LOGIN, { input: { flowId, identifierFirst: { identifier: email } } });
    expect(first.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    expect(inputNames(first.data?.updateLoginFlow.ui as TestUi)).toContain('password');
    const done = await env.facade.gql(LOGIN, {
      input: { flowId, password: { identifier: email, password: secret } },
    });
    expect(done.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      session: { authenticationMethods: [{ method: 'password' }] },
    });
  });

  it('sends a code at once to an account that signs in with codes only', async () => {
    const email = newEmail('codeonly');
    const regFlow = (await env.facade.gql('mutation { createRegistrationFlow { id } }')).data
      ?.createRegistrationFlow.id;
    const traits = { email };
    await env.facade.gql(REGISTER, { input: { flowId: regFlow, profile: { traits } } });
    await env.facade.gql(REGISTER, { input: { flowId: regFlow, code: { traits } } });
    const registered = await env.facade.gql(REGISTER, {
      input: { flowId: regFlow, code: { traits, code: await courierCode(env.backend, email) } },
    });
    expect(registered.data?.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');

    const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
    const first = await env.facade.gql(LOGIN, { input: { flowId, identifierFirst: { identifier: email } } });
    expect(first.data?.updateLoginFlow).toMatchObject({ __typename: 'LoginFlow', state: 'SENT_EMAIL' });
    const done = await env.facade.gql(LOGIN, {
      input: { flowId, code: { identifier: email, code: await courierCode(env.backend, email) } },
    });
    expect(done.data?.updateLoginFlow.__typename).toBe('LoginSuccess');
  });
});
