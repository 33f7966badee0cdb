/**
 * Second factors through GraphQL, for tests: enrolling an authenticator app (TOTP) in settings, signing in with a
 * password (an aal1 session), and stepping a session up to aal2. TOTP codes are computed from the secret Ory
 * shows, as an authenticator app would.
 */
import * as OTPAuth from 'otpauth';
import type { Facade } from './facade';
import { UI_FIELDS, node, type TestUi } from './flowNodes';
import { SIGN_IN, loginFlowId, type TestUser } from './fixtures';

export const SETTINGS = `mutation ($input: UpdateSettingsFlowInput!) { updateSettingsFlow(input: $input) {
  __typename
  ... on SettingsFlow { state ui { ${UI_FIELDS} } }
  ... on Aal2Required { redirectBrowserTo loginFlow { id requestedAal } }
} }`;
export const LOGIN = `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
  __typename
  ... on LoginFlow { ui { ${UI_FIELDS} } }
  ... on LoginSuccess { sessionToken session { authenticatorAssuranceLevel authenticationMethods { method } } }
} }`;

export async function settingsFlow(facade: Facade, token: string): Promise<{ id: string; ui: TestUi }> {
  const res = await facade.gql(`mutation { createSettingsFlow { id ui { ${UI_FIELDS} } } }`, {}, { token });
  expect(res.errors).toBeUndefined();
  return res.data?.createSettingsFlow;
}

/** Enrols an authenticator app; returns the code generator for its secret. */
export async function enrolTotp(facade: Facade, token: string): Promise<OTPAuth.TOTP> {
  const flow = await settingsFlow(facade, token);
  const qr = node(flow.ui, 'totp_qr');
  expect(qr.attributes.src).toMatch(/^data:image\/png;base64,/);
  const secret = node(flow.ui, 'totp_secret_key').attributes.text?.text ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  const res = await facade.gql(
    SETTINGS,
    { input: { flowId: flow.id, totp: { code: totp.generate() } } },
    { token },
  );
  expect(res.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });
  return totp;
}

/** A password sign-in: an aal1 session token. */
export async function passwordSignIn(facade: Facade, user: TestUser): Promise<string> {
  const res = await facade.gql(SIGN_IN, {
    flowId: await loginFlowId(facade),
    identifier: user.email,
    password: user.password,
  });
  expect(res.data?.updateLoginFlow.__typename).toBe('LoginSuccess');
  return res.data?.updateLoginFlow.sessionToken;
}

/** Steps an aal1 session up with a second factor; returns the outcome of the submission. */
export async function stepUp(facade: Facade, token: string, method: Record<string, unknown>) {
  const created = await facade.gql(
    'mutation { createLoginFlow(input: { aal: "AAL2" }) { id requestedAal } }',
    {},
    { token },
  );
  expect(created.errors).toBeUndefined();
  expect(created.data?.createLoginFlow.requestedAal).toBe('AAL2');
  return facade.gql(LOGIN, { input: { flowId: created.data?.createLoginFlow.id, ...method } }, { token });
}
