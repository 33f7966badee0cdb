/**
 * The conformance steps beyond passwords (emulatorVsKratos.test.ts runs them over the emulator and real Kratos of
 * their profile): one-time codes, TOTP and backup codes, the identifier-first and profile-first styles, recovery
 * and verification by link, social sign-in up to the provider redirect, and the session token exchange of native
 * apps.
 *
 * WebAuthn and passkeys are left out: the emulator has no WebAuthn, so there is nothing to compare (their Ory
 * calls are the same SDK methods as the steps here, with another body; webauthnKratos.test.ts pins Kratos down).
 */
import * as OTPAuth from 'otpauth';
import { CookieJar } from '../harness/cookieJar';
import { UI_FIELDS, node, type TestUi } from '../harness/flowNodes';
import { OIDC_PROVIDER_ID } from '../harness/oidcProvider';
import { courierCode } from '../harness/oryBackend';
import { followCallback, signInAtAnyProvider } from '../harness/socialSignIn';
import { PASSWORD, ok, send, token, value, type Step, type World } from './conformanceWorld';

const REGISTER = `mutation ($input: UpdateRegistrationFlowInput!) { updateRegistrationFlow(input: $input) {
  __typename
  ... on RegistrationFlow { state ui { ${UI_FIELDS} } }
  ... on RegistrationSuccess { sessionToken }
  ... on FlowRedirect { redirectBrowserTo }
} }`;
const LOGIN = `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
  __typename
  ... on LoginFlow { state ui { ${UI_FIELDS} } }
  ... on LoginSuccess { sessionToken }
  ... on FlowRedirect { redirectBrowserTo }
} }`;
const SETTINGS = `mutation ($input: UpdateSettingsFlowInput!) { updateSettingsFlow(input: $input) {
  __typename
  ... on SettingsFlow { state ui { ${UI_FIELDS} } }
} }`;
/** The app's return URL in the oidc profile (oidc.yml allows it). */
const APP_RETURN = 'ory-graphql-test://oidc-callback';

/** The `__typename` of a mutation's answer, or a failure saying what came instead. */
function expectType(data: Record<string, { __typename?: string }>, field: string, type: string): void {
  const got = data[field]?.__typename;
  if (got !== type) throw new Error(`${field}: expected ${type}, got ${got ?? JSON.stringify(data)}`);
}

async function newRegistrationFlow(w: World): Promise<string> {
  return (await ok(w, 'mutation { createRegistrationFlow { id } }')).createRegistrationFlow.id;
}

async function newLoginFlow(w: World, aal?: string): Promise<string> {
  const input = aal === undefined ? '' : `(input: { aal: "${aal}" })`;
  const options = aal === undefined ? {} : token(w);
  return (await ok(w, `mutation { createLoginFlow${input} { id } }`, {}, options)).createLoginFlow.id;
}

/** A password account of this world's `email`, signed in: its session token in `token`. */
async function passwordAccount(w: World): Promise<void> {
  const flowId = await newRegistrationFlow(w);
  const done = await ok(w, REGISTER, {
    input: { flowId, password: { password: PASSWORD, traits: { email: value(w, 'email') } } },
  });
  expectType(done, 'updateRegistrationFlow', 'RegistrationSuccess');
  w.state.set('token', done.updateRegistrationFlow.sessionToken);
}

/** A password sign-in, as an aal1 session (its token in `aal1`). */
async function passwordSignIn(w: World): Promise<void> {
  const done = await ok(w, LOGIN, {
    input: { flowId: await newLoginFlow(w), password: { identifier: value(w, 'email'), password: PASSWORD } },
  });
  expectType(done, 'updateLoginFlow', 'LoginSuccess');
  w.state.set('aal1', done.updateLoginFlow.sessionToken);
}

/** Steps the `aal1` session up with `method`; the aal2 session becomes `token`. */
async function stepUp(w: World, method: Record<string, unknown>): Promise<void> {
  const aal1 = { token: value(w, 'aal1') };
  const created = await ok(w, 'mutation { createLoginFlow(input: { aal: "AAL2" }) { id } }', {}, aal1);
  const done = await ok(w, LOGIN, { input: { flowId: created.createLoginFlow.id, ...method } }, aal1);
  expectType(done, 'updateLoginFlow', 'LoginSuccess');
  w.state.set('token', done.updateLoginFlow.sessionToken);
}

async function settingsFlow(w: World): Promise<{ id: string; ui: TestUi }> {
  return (await ok(w, `mutation { createSettingsFlow { id ui { ${UI_FIELDS} } } }`, {}, token(w)))
    .createSettingsFlow;
}

export const METHOD_STEPS: Step[] = [
  {
    name: 'code registration: send a code, a wrong code, the right code',
    profile: 'methods',
    async run(w) {
      const flowId = await newRegistrationFlow(w);
      const traits = { email: value(w, 'codeEmail') };
      await ok(w, REGISTER, { input: { flowId, code: { traits } } });
      const code = await courierCode(w.backend, traits.email);
      await ok(w, REGISTER, {
        input: { flowId, code: { traits, code: code === '000000' ? '111111' : '000000' } },
      });
      const done = await ok(w, REGISTER, { input: { flowId, code: { traits, code } } });
      expectType(done, 'updateRegistrationFlow', 'RegistrationSuccess');
    },
  },
  {
    name: 'code login: send a code, the right code',
    profile: 'methods',
    async run(w) {
      const flowId = await newLoginFlow(w);
      const identifier = value(w, 'codeEmail');
      await ok(w, LOGIN, { input: { flowId, code: { identifier } } });
      const code = await courierCode(w.backend, identifier);
      expectType(
        await ok(w, LOGIN, { input: { flowId, code: { identifier, code } } }),
        'updateLoginFlow',
        'LoginSuccess',
      );
    },
  },
  {
    name: 'TOTP: enrol in settings, a wrong code, step an aal1 session up',
    profile: 'methods',
    async run(w) {
      await passwordAccount(w);
      const flow = await settingsFlow(w);
      const secret = node(flow.ui, 'totp_secret_key').attributes.text?.text ?? '';
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
      const enrolled = await ok(
        w,
        SETTINGS,
        { input: { flowId: flow.id, totp: { code: totp.generate() } } },
        token(w),
      );
      expectType(enrolled, 'updateSettingsFlow', 'SettingsFlow');
      await passwordSignIn(w);
      await send(w, '{ me { id } }', {}, { token: value(w, 'aal1') });
      const wrong = totp.generate() === '000000' ? '111111' : '000000';
      const created = await ok(
        w,
        'mutation { createLoginFlow(input: { aal: "AAL2" }) { id } }',
        {},
        {
          token: value(w, 'aal1'),
        },
      );
      await ok(
        w,
        LOGIN,
        { input: { flowId: created.createLoginFlow.id, totp: { code: wrong } } },
        {
          token: value(w, 'aal1'),
        },
      );
      await stepUp(w, { totp: { code: totp.generate() } });
    },
  },
  {
    name: 'backup codes: regenerate, confirm, step an aal1 session up with one',
    profile: 'methods',
    async run(w) {
      const flow = await settingsFlow(w);
      const shown = await ok(
        w,
        SETTINGS,
        { input: { flowId: flow.id, lookupSecret: { action: 'REGENERATE' } } },
        token(w),
      );
      const ui = shown.updateSettingsFlow.ui as TestUi;
      const secrets = (node(ui, 'lookup_secret_codes').attributes.text?.context?.secrets ?? []) as Array<{
        text: string;
      }>;
      await ok(w, SETTINGS, { input: { flowId: flow.id, lookupSecret: { action: 'CONFIRM' } } }, token(w));
      await passwordSignIn(w);
      await stepUp(w, { lookupSecret: { code: secrets[0]?.text ?? '' } });
    },
  },
  {
    name: 'profile-first registration: the traits, then the password',
    profile: 'identifierFirst',
    async run(w) {
      const flowId = await newRegistrationFlow(w);
      const traits = { email: value(w, 'email'), name: { first: 'Pro', last: 'File' } };
      await ok(w, REGISTER, { input: { flowId, profile: { traits } } });
      const done = await ok(w, REGISTER, { input: { flowId, password: { password: PASSWORD, traits } } });
      expectType(done, 'updateRegistrationFlow', 'RegistrationSuccess');
    },
  },
  {
    name: 'identifier-first login: the identifier, then the password',
    profile: 'identifierFirst',
    async run(w) {
      const flowId = await newLoginFlow(w);
      const identifier = value(w, 'email');
      await ok(w, LOGIN, { input: { flowId, identifierFirst: { identifier } } });
      const done = await ok(w, LOGIN, { input: { flowId, password: { identifier, password: PASSWORD } } });
      expectType(done, 'updateLoginFlow', 'LoginSuccess');
    },
  },
  {
    name: 'link recovery (browser) and link verification (native): send the link',
    profile: 'links',
    async run(w) {
      await passwordAccount(w);
      const email = value(w, 'email');
      const jar = new CookieJar();
      const created = await ok(
        w,
        'mutation { createRecoveryFlow(input: { client: BROWSER }) { id csrfToken } }',
        {},
        { jar },
      );
      const { id, csrfToken } = created.createRecoveryFlow;
      await ok(
        w,
        'mutation ($input: UpdateRecoveryFlowInput!) { updateRecoveryFlow(input: $input) { __typename } }',
        { input: { flowId: id, csrfToken, link: { email } } },
        { jar },
      );
      const verification = await ok(w, 'mutation { createVerificationFlow { id } }');
      await ok(
        w,
        'mutation ($input: UpdateVerificationFlowInput!) { updateVerificationFlow(input: $input) { __typename } }',
        { input: { flowId: verification.createVerificationFlow.id, link: { email } } },
      );
    },
  },
  {
    name: 'social sign-in: the provider redirect of a browser login and a native registration',
    profile: 'oidc',
    async run(w) {
      const jar = new CookieJar();
      const created = await ok(
        w,
        'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
        {},
        { jar },
      );
      const { id, csrfToken } = created.createLoginFlow;
      const login = await ok(
        w,
        LOGIN,
        { input: { flowId: id, csrfToken, oidc: { provider: OIDC_PROVIDER_ID } } },
        { jar },
      );
      expectType(login, 'updateLoginFlow', 'FlowRedirect');
      const flowId = await newRegistrationFlow(w);
      const registration = await ok(w, REGISTER, { input: { flowId, oidc: { provider: OIDC_PROVIDER_ID } } });
      expectType(registration, 'updateRegistrationFlow', 'FlowRedirect');
    },
  },
  {
    name: 'session token exchange: a native login with an exchange code, the provider, the exchange',
    profile: 'oidc',
    async run(w) {
      const created = await ok(
        w,
        'mutation ($to: String!) { createLoginFlow(input: { returnSessionTokenExchangeCode: true, returnTo: $to }) { id sessionTokenExchangeCode } }',
        { to: APP_RETURN },
      );
      const { id, sessionTokenExchangeCode } = created.createLoginFlow;
      const start = await ok(w, LOGIN, { input: { flowId: id, oidc: { provider: OIDC_PROVIDER_ID } } });
      expectType(start, 'updateLoginFlow', 'FlowRedirect');
      // The system browser signs in at the provider and comes back to the app with the code (no facade call).
      const back = await followCallback(
        await signInAtAnyProvider(start.updateLoginFlow.redirectBrowserTo, { email: value(w, 'email') }),
      );
      const returnToCode = new URL(back.location ?? 'x:').searchParams.get('code') ?? '';
      const exchange =
        'mutation ($init: String!, $code: String!) { exchangeSessionToken(input: { initCode: $init, returnToCode: $code }) { sessionToken } }';
      await ok(w, exchange, { init: sessionTokenExchangeCode, code: returnToCode });
      // The same codes again: Kratos v26.2.0 exchanges them a second time, and the emulator must answer alike.
      await send(w, exchange, { init: sessionTokenExchangeCode, code: returnToCode });
    },
  },
];
