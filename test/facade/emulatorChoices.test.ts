/**
 * `npm start`'s emulator where Kratos makes one choice for the whole server: the EMULATOR_* variables, read by
 * loadConfig and turned into emulator options by embeddedEmulatorOptions (exactly what main.ts starts), give the
 * embedded emulator the behaviour of the Kratos profile configured that way. Each block runs the same GraphQL
 * steps against that emulator and, under `npm run test:kratos`, against the real Kratos of the profile.
 */
import { randomUUID } from 'node:crypto';
import * as emulatorModule from '../../emulator';
import { loadConfig } from '../../src/config';
import { embeddedEmulatorOptions } from '../../src/embeddedEmulator';
import { CookieJar } from '../harness/cookieJar';
import { errorCode, useFacade } from '../harness/facade';
import { UI_FIELDS, messageIds, type TestUi } from '../harness/flowNodes';
import { SIGN_IN, loginFlowId, newUser, signUp } from '../harness/fixtures';
import { courierCode, startOryBackend, type OryBackend } from '../harness/oryBackend';
import type { ProfileName } from '../kratos/profiles';
import { followCallback } from '../harness/socialSignIn';

/**
 * The options `npm start` gives the embedded emulator with these variables (on free ports, no demo page). The
 * module is the one main.ts loads with a dynamic import, which jest's CommonJS runtime cannot do.
 */
function npmStartOptions(variables: Record<string, string>): emulatorModule.EmulatorOptions {
  const config = loadConfig({
    EMULATOR_PUBLIC_PORT: '0',
    EMULATOR_ADMIN_PORT: '0',
    DEMO: 'false',
    ...variables,
  });
  return embeddedEmulatorOptions(config, emulatorModule);
}

/** The emulator as `npm start` runs it with `variables`; the Kratos of `profile` under test:kratos. */
function npmStartBackend(profile: ProfileName, variables: Record<string, string>): () => Promise<OryBackend> {
  return () => startOryBackend({ profile, emulator: npmStartOptions(variables) });
}

const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

const LOGIN = `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
  __typename
  ... on LoginFlow { state ui { ${UI_FIELDS} } }
  ... on LoginSuccess { sessionToken session { authenticatorAssuranceLevel authenticationMethods { method } } }
} }`;
const REGISTER = `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) {
  __typename
  ... on RegistrationFlow { state ui { ${UI_FIELDS} } }
  ... on RegistrationSuccess { sessionToken }
} }`;

const inputNames = (ui: TestUi): string[] => ui.nodes.map((n) => n.attributes.name ?? '').filter(Boolean);

describe('with no EMULATOR_* choice (the methods profile)', () => {
  const env = useFacade(npmStartBackend('methods', {}));

  it('signs in with a password at aal1 with nothing more to do, and with a mailed code instead', async () => {
    const user = newUser('NoChoice');
    await signUp(env.facade, user);
    const signIn = await env.facade.gql(SIGN_IN, {
      flowId: await loginFlowId(env.facade),
      identifier: user.email,
      password: user.password,
    });
    const me = await env.facade.gql(
      '{ me { authenticatorAssuranceLevel } }',
      {},
      { token: signIn.data?.updateLoginFlow.sessionToken },
    );
    expect(me.data?.me.authenticatorAssuranceLevel).toBe('AAL1');

    const flowId = await loginFlowId(env.facade);
    const sent = await env.facade.gql(LOGIN, { input: { flowId, code: { identifier: user.email } } });
    expect(sent.data?.updateLoginFlow).toMatchObject({ __typename: 'LoginFlow', state: 'SENT_EMAIL' });
    const done = await env.facade.gql(LOGIN, {
      input: { flowId, code: { identifier: user.email, code: await courierCode(env.backend, user.email) } },
    });
    expect(done.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      session: { authenticationMethods: [{ method: 'code' }] },
    });
  });
});

describe('EMULATOR_LOGIN_STYLE=identifier_first, EMULATOR_REGISTRATION_STYLE=profile_first', () => {
  const env = useFacade(
    npmStartBackend('identifierFirst', {
      EMULATOR_LOGIN_STYLE: 'identifier_first',
      EMULATOR_REGISTRATION_STYLE: 'profile_first',
    }),
  );

  it('registers traits first, then the password; signs in with the identifier first, then the password', async () => {
    const email = newEmail('choices');
    const secret = `Two-Steps-${randomUUID().slice(0, 8)}`;
    const traits = { email };
    const regFlow = (await env.facade.gql('mutation { createRegistrationFlow { id } }')).data
      ?.createRegistrationFlow.id;
    const profile = await env.facade.gql(REGISTER, { input: { flowId: regFlow, profile: { traits } } });
    expect(profile.data?.updateRegistrationFlow.__typename).toBe('RegistrationFlow');
    expect(inputNames(profile.data?.updateRegistrationFlow.ui as TestUi)).toContain('password');
    const registered = await env.facade.gql(REGISTER, {
      input: { flowId: regFlow, password: { password: secret, traits } },
    });
    expect(registered.data?.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');

    const flowId = await loginFlowId(env.facade);
    const created = await env.facade.gql(`query ($id: ID!) { loginFlow(id: $id) { ui { ${UI_FIELDS} } } }`, {
      id: flowId,
    });
    expect(inputNames(created.data?.loginFlow.ui as TestUi)).not.toContain('password');
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
});

describe('EMULATOR_RECOVERY_USE=link, EMULATOR_VERIFICATION_USE=link', () => {
  const env = useFacade(
    npmStartBackend('links', { EMULATOR_RECOVERY_USE: 'link', EMULATOR_VERIFICATION_USE: 'link' }),
  );

  it('mails a recovery link that signs the browser in', async () => {
    const user = newUser('ChoiceLink');
    await signUp(env.facade, user);
    const jar = new CookieJar();
    const created = await env.facade.gql(
      'mutation { createRecoveryFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    const { id, csrfToken } = created.data!.createRecoveryFlow;
    const sent = await env.facade.gql(
      `mutation ($input: UpdateRecoveryFlowInput!) { updateRecoveryFlow(input: $input) {
        __typename ... on RecoveryFlow { state ui { ${UI_FIELDS} } } } }`,
      { input: { flowId: id, csrfToken, link: { email: user.email } } },
      { jar },
    );
    expect(sent.data?.updateRecoveryFlow).toMatchObject({ __typename: 'RecoveryFlow', state: 'SENT_EMAIL' });
    // 1060002: "An email containing a recovery link has been sent" (a code would be 1060003).
    expect(messageIds(sent.data?.updateRecoveryFlow.ui as TestUi)).toContain(1060002);

    const courier = new URL('/admin/courier/messages', env.backend.adminUrl);
    courier.searchParams.set('recipient', user.email);
    courier.searchParams.set('page_size', '1');
    const [message] = (await (await fetch(courier)).json()) as Array<{ body: string }>;
    const link = /https?:\/\/\S+/.exec(message?.body ?? '')?.[0] ?? '';
    expect(link).toContain('token=');
    expect((await followCallback(link, jar)).status).toBe(303);
    const me = await env.facade.gql('{ me { identity { traits } } }', {}, { jar });
    expect(me.data?.me.identity.traits.email).toBe(user.email);
  });
});

describe('EMULATOR_CODE_USE=mfa', () => {
  const env = useFacade(npmStartBackend('mfaCode', { EMULATOR_CODE_USE: 'mfa' }));

  it('asks a password sign-in for a mailed code as the second factor', async () => {
    const user = newUser('ChoiceMfa');
    await signUp(env.facade, user);
    const signIn = await env.facade.gql(SIGN_IN, {
      flowId: await loginFlowId(env.facade),
      identifier: user.email,
      password: user.password,
    });
    const aal1: string = signIn.data?.updateLoginFlow.sessionToken;
    expect(errorCode(await env.facade.gql('{ me { id } }', {}, { token: aal1 }))).toBe('AAL2_REQUIRED');

    const created = await env.facade.gql(
      'mutation { createLoginFlow(input: { aal: "AAL2" }) { id state } }',
      {},
      { token: aal1 },
    );
    // One address and no other second factor: Ory mailed the code as it created the flow. `address` chooses
    // where a (new) code goes.
    expect(created.data?.createLoginFlow.state).toBe('SENT_EMAIL');
    const resent = await env.facade.gql(
      LOGIN,
      { input: { flowId: created.data?.createLoginFlow.id, code: { address: user.email, resend: true } } },
      { token: aal1 },
    );
    expect(resent.data?.updateLoginFlow).toMatchObject({ __typename: 'LoginFlow', state: 'SENT_EMAIL' });
    const done = await env.facade.gql(
      LOGIN,
      {
        input: {
          flowId: created.data?.createLoginFlow.id,
          code: { code: await courierCode(env.backend, user.email) },
        },
      },
      { token: aal1 },
    );
    expect(done.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      session: { authenticatorAssuranceLevel: 'AAL2' },
    });
  });
});
