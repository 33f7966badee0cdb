/**
 * Passkeys and security keys through GraphQL: the flow's nodes carry WebAuthn options intact (so a page can run
 * Ory's script, or a native app its platform API), and the browser's credential JSON goes back to Ory unchanged.
 * The browser is played by a software authenticator (test/harness/webauthn.ts).
 *
 * Real Kratos only (the `webauthn` profile): the emulator leaves WebAuthn and passkeys out by design.
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { useFacade } from '../harness/facade';
import { UI_FIELDS, node, type TestUi } from '../harness/flowNodes';
import { startOryBackend, usingExternalOry } from '../harness/oryBackend';
import { SoftwareAuthenticator } from '../harness/webauthn';
import {
  passkeyCreationOptions,
  passkeyRequestOptions,
  webauthnCreationOptions,
  webauthnRequestOptions,
} from '../harness/webauthnNodes';

// The emulator has no WebAuthn (issue 11 leaves it out); these run in `npm run test:kratos`.
const kratosOnly = usingExternalOry ? describe : describe.skip;

kratosOnly('passkeys and security keys (real Kratos)', () => {
  const env = useFacade(() => startOryBackend({ profile: 'webauthn' }));
  const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

  const REGISTER = `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) {
    __typename ... on RegistrationSuccess { sessionToken identity { traits } }
    ... on RegistrationFlow { ui { ${UI_FIELDS} } } } }`;
  const LOGIN = `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
    __typename ... on LoginSuccess { sessionToken session { authenticatorAssuranceLevel authenticationMethods { method } } }
    ... on LoginFlow { ui { ${UI_FIELDS} } } ... on FlowRedirect { redirectBrowserTo } } }`;
  const SETTINGS = `mutation ($input: UpdateSettingsFlowInput!) { updateSettingsFlow(input: $input) {
    __typename ... on SettingsFlow { state ui { ${UI_FIELDS} } } } }`;

  /** Signs up with a passkey (native); returns the session token. */
  async function passkeySignUp(authenticator: SoftwareAuthenticator, email: string): Promise<string> {
    const flow = await env.facade.gql(`mutation { createRegistrationFlow { id ui { ${UI_FIELDS} } } }`);
    const { id, ui } = flow.data!.createRegistrationFlow;
    const response = authenticator.create(passkeyCreationOptions((ui as TestUi).nodes));
    const res = await env.facade.gql(REGISTER, {
      input: { flowId: id, passkey: { traits: { email }, response } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRegistrationFlow).toMatchObject({
      __typename: 'RegistrationSuccess',
      identity: { traits: { email } },
    });
    return res.data?.updateRegistrationFlow.sessionToken;
  }

  it('signs up with a passkey, then signs in with it', async () => {
    const authenticator = new SoftwareAuthenticator();
    const email = newEmail('passkey');
    const token = await passkeySignUp(authenticator, email);
    expect(token).toMatch(/^ory_st_/);

    const flow = await env.facade.gql(`mutation { createLoginFlow { id ui { ${UI_FIELDS} } } }`);
    const { id, ui } = flow.data!.createLoginFlow;
    const response = authenticator.get(passkeyRequestOptions((ui as TestUi).nodes));
    const res = await env.facade.gql(LOGIN, { input: { flowId: id, passkey: { response } } });
    expect(res.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      sessionToken: expect.stringMatching(/^ory_st_/),
      session: { authenticationMethods: [{ method: 'passkey' }] },
    });
  });

  it('adds a passkey in settings and removes it', async () => {
    const first = new SoftwareAuthenticator();
    const token = await passkeySignUp(first, newEmail('settingskey'));
    const flow = await env.facade.gql(
      `mutation { createSettingsFlow { id ui { ${UI_FIELDS} } } }`,
      {},
      { token },
    );
    const { id, ui } = flow.data!.createSettingsFlow;
    const second = new SoftwareAuthenticator();
    const added = await env.facade.gql(
      SETTINGS,
      {
        input: {
          flowId: id,
          passkey: { register: second.create(passkeyCreationOptions((ui as TestUi).nodes)) },
        },
      },
      { token },
    );
    expect(added.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });
    const removeButtons = (added.data?.updateSettingsFlow.ui as TestUi).nodes.filter(
      (n) => n.attributes.name === 'passkey_remove',
    );
    expect(removeButtons).toHaveLength(2);
    const again = await env.facade.gql(`mutation { createSettingsFlow { id } }`, {}, { token });
    const removed = await env.facade.gql(
      SETTINGS,
      {
        input: {
          flowId: again.data?.createSettingsFlow.id,
          passkey: { remove: String(removeButtons[1]?.attributes.value) },
        },
      },
      { token },
    );
    expect(removed.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });
    expect(
      (removed.data?.updateSettingsFlow.ui as TestUi).nodes.filter(
        (n) => n.attributes.name === 'passkey_remove',
      ),
    ).toHaveLength(1);
  });

  it('adds a security key as second factor in a browser, then signs in at aal2 with it', async () => {
    const jar = new CookieJar();
    const email = newEmail('seckey');
    const password = `Key-${randomUUID()}`;
    const reg = await env.facade.gql(
      'mutation { createRegistrationFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    const registered = await env.facade.gql(
      `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) { __typename } }`,
      {
        input: {
          flowId: reg.data?.createRegistrationFlow.id,
          csrfToken: reg.data?.createRegistrationFlow.csrfToken,
          password: { password, traits: { email } },
        },
      },
      { jar },
    );
    expect(registered.data?.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');

    const key = new SoftwareAuthenticator();
    const settings = await env.facade.gql(
      `mutation { createSettingsFlow(input: { client: BROWSER }) { id csrfToken ui { ${UI_FIELDS} } } }`,
      {},
      { jar },
    );
    const { id, csrfToken, ui } = settings.data!.createSettingsFlow;
    expect(node(ui as TestUi, 'webauthn_register_trigger')).toBeDefined();
    // The script a page runs for Ory's WebAuthn ceremony comes through intact.
    const scripts = (ui as TestUi).nodes.filter((n) => n.attributes.__typename === 'UiNodeScriptAttributes');
    expect(scripts.map((n) => n.attributes.src)).toContainEqual(
      expect.stringContaining('/.well-known/ory/webauthn.js'),
    );
    const added = await env.facade.gql(
      SETTINGS,
      {
        input: {
          flowId: id,
          csrfToken,
          webauthn: {
            register: {
              response: key.create(webauthnCreationOptions((ui as TestUi).nodes)),
              displayName: 'Test key',
            },
          },
        },
      },
      { jar },
    );
    expect(added.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });

    // A new browser signs in with the password, and is sent on to the second factor.
    const browser = new CookieJar();
    const login = await env.facade.gql(
      'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar: browser },
    );
    const first = await env.facade.gql(
      LOGIN,
      {
        input: {
          flowId: login.data?.createLoginFlow.id,
          csrfToken: login.data?.createLoginFlow.csrfToken,
          password: { identifier: email, password },
        },
      },
      { jar: browser },
    );
    expect(first.data?.updateLoginFlow.__typename).toBe('FlowRedirect');
    const aal2 = await env.facade.gql(
      `mutation { createLoginFlow(input: { client: BROWSER, aal: "aal2" }) { id csrfToken ui { ${UI_FIELDS} } } }`,
      {},
      { jar: browser },
    );
    const flow = aal2.data!.createLoginFlow;
    const done = await env.facade.gql(
      LOGIN,
      {
        input: {
          flowId: flow.id,
          csrfToken: flow.csrfToken,
          webauthn: {
            identifier: email,
            response: key.get(webauthnRequestOptions((flow.ui as TestUi).nodes)),
          },
        },
      },
      { jar: browser },
    );
    expect(done.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      sessionToken: null,
      session: {
        authenticatorAssuranceLevel: 'AAL2',
        authenticationMethods: [{ method: 'password' }, { method: 'webauthn' }],
      },
    });
  });
});
