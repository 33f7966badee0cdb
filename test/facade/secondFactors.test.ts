/**
 * Second factors and step-up through GraphQL: enrolling an authenticator app (TOTP) and backup codes in settings,
 * `me` refusing an aal1 session of an identity that has a second factor (AAL2_REQUIRED), and signing in at aal2
 * with `createLoginFlow(input: { aal: "AAL2" })` and a TOTP or backup code. TOTP codes are computed from the
 * secret Ory shows. Against the emulator and real Kratos (the `methods` profile).
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { errorCode, startFacade, useFacade } from '../harness/facade';
import { messageIds, node, type TestUi } from '../harness/flowNodes';
import { SIGN_IN, loginFlowId, newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';
import { LOGIN, SETTINGS, enrolTotp, passwordSignIn, settingsFlow, stepUp } from '../harness/secondFactors';

const env = useFacade(() => startOryBackend({ profile: 'methods' }));

describe('an authenticator app (TOTP)', () => {
  it("enrols in settings, then asks aal1 sessions for the second factor, and accepts the app's code", async () => {
    const user = newUser('Totp');
    const { token: first } = await signUp(env.facade, user);
    const totp = await enrolTotp(env.facade, first);

    const aal1 = await passwordSignIn(env.facade, user);
    const me = await env.facade.gql('{ me { id } }', {}, { token: aal1 });
    expect(errorCode(me)).toBe('AAL2_REQUIRED');
    expect(me.errors?.[0]?.extensions?.ory).toMatchObject({ id: 'session_aal2_required' });

    const done = await stepUp(env.facade, aal1, { totp: { code: totp.generate() } });
    expect(done.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      session: {
        authenticatorAssuranceLevel: 'AAL2',
        authenticationMethods: [{ method: 'password' }, { method: 'totp' }],
      },
    });
    const token = done.data?.updateLoginFlow.sessionToken ?? aal1;
    const after = await env.facade.gql('{ me { authenticatorAssuranceLevel } }', {}, { token });
    expect(after.data?.me.authenticatorAssuranceLevel).toBe('AAL2');
  });

  it('answers a wrong app code with the flow and its message, not an error', async () => {
    const user = newUser('WrongTotp');
    const { token } = await signUp(env.facade, user);
    const totp = await enrolTotp(env.facade, token);
    const aal1 = await passwordSignIn(env.facade, user);
    const right = totp.generate();
    const wrong = await stepUp(env.facade, aal1, {
      totp: { code: right === '000000' ? '111111' : '000000' },
    });
    expect(wrong.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    expect(messageIds(wrong.data?.updateLoginFlow.ui as TestUi)).toContain(4000008);
  });

  it('unlinks the app in settings: aal1 sessions work again', async () => {
    const user = newUser('Unlink');
    const { token } = await signUp(env.facade, user);
    await enrolTotp(env.facade, token);
    const flow = await settingsFlow(env.facade, token);
    expect(node(flow.ui, 'totp_unlink').attributes.type).toBe('submit');
    const res = await env.facade.gql(
      SETTINGS,
      { input: { flowId: flow.id, totp: { unlink: true } } },
      { token },
    );
    expect(res.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });
    const aal1 = await passwordSignIn(env.facade, user);
    const me = await env.facade.gql('{ me { authenticatorAssuranceLevel } }', {}, { token: aal1 });
    expect(me.data?.me.authenticatorAssuranceLevel).toBe('AAL1');
  });

  it('sends a browser that signs in with a password on to the second factor (FlowRedirect)', async () => {
    const user = newUser('BrowserTotp');
    const { token } = await signUp(env.facade, user);
    await enrolTotp(env.facade, token);
    const jar = new CookieJar();
    const created = await env.facade.gql(
      'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
      {},
      { jar },
    );
    const { id, csrfToken } = created.data!.createLoginFlow;
    const res = await env.facade.gql(
      `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) { __typename ... on FlowRedirect { redirectBrowserTo } } }`,
      { input: { flowId: id, csrfToken, password: { identifier: user.email, password: user.password } } },
      { jar },
    );
    expect(res.data?.updateLoginFlow.__typename).toBe('FlowRedirect');
    expect(res.data?.updateLoginFlow.redirectBrowserTo).toContain('aal=aal2');
  });
});

describe('backup codes (lookup secrets)', () => {
  it('regenerates, confirms, reveals and disables them; each signs in once at aal2', async () => {
    const user = newUser('Lookup');
    const { token } = await signUp(env.facade, user);
    const regenerate = await settingsFlow(env.facade, token);
    const shown = await env.facade.gql(
      SETTINGS,
      { input: { flowId: regenerate.id, lookupSecret: { action: 'REGENERATE' } } },
      { token },
    );
    const flow = shown.data?.updateSettingsFlow;
    expect(flow).toMatchObject({ __typename: 'SettingsFlow', state: 'SHOW_FORM' });
    const secrets = (node(flow.ui as TestUi, 'lookup_secret_codes').attributes.text?.context?.secrets ??
      []) as Array<{ text: string }>;
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const confirmed = await env.facade.gql(
      SETTINGS,
      { input: { flowId: regenerate.id, lookupSecret: { action: 'CONFIRM' } } },
      { token },
    );
    expect(confirmed.data?.updateSettingsFlow).toMatchObject({
      __typename: 'SettingsFlow',
      state: 'SUCCESS',
    });

    const code = secrets[0]?.text ?? '';
    const used = await stepUp(env.facade, await passwordSignIn(env.facade, user), { lookupSecret: { code } });
    expect(used.data?.updateLoginFlow).toMatchObject({
      __typename: 'LoginSuccess',
      session: { authenticatorAssuranceLevel: 'AAL2' },
    });
    const again = await stepUp(env.facade, await passwordSignIn(env.facade, user), {
      lookupSecret: { code },
    });
    expect(again.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    expect(messageIds(again.data?.updateLoginFlow.ui as TestUi)).toContain(4000012);

    const aal2 = used.data?.updateLoginFlow.sessionToken ?? token;
    const reveal = await settingsFlow(env.facade, aal2);
    const revealed = await env.facade.gql(
      SETTINGS,
      { input: { flowId: reveal.id, lookupSecret: { action: 'REVEAL' } } },
      { token: aal2 },
    );
    expect(
      node(revealed.data?.updateSettingsFlow.ui as TestUi, 'lookup_secret_codes').attributes.text?.context
        ?.secrets,
    ).toHaveLength(secrets.length);
    const disable = await settingsFlow(env.facade, aal2);
    const disabled = await env.facade.gql(
      SETTINGS,
      { input: { flowId: disable.id, lookupSecret: { action: 'DISABLE' } } },
      { token: aal2 },
    );
    expect(disabled.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });
  });

  it('counts wrong backup codes against the session, and refuses further guesses with RATE_LIMITED', async () => {
    const guarded = await startFacade(env.backend, {
      RATE_LIMIT_PER_IDENTIFIER: '2',
      RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: '2',
    });
    try {
      const user = newUser('Guess');
      const { token } = await signUp(guarded, user);
      const regenerate = (await guarded.gql(`mutation { createSettingsFlow { id } }`, {}, { token })).data
        ?.createSettingsFlow.id;
      await guarded.gql(
        SETTINGS,
        { input: { flowId: regenerate, lookupSecret: { action: 'REGENERATE' } } },
        { token },
      );
      await guarded.gql(
        SETTINGS,
        { input: { flowId: regenerate, lookupSecret: { action: 'CONFIRM' } } },
        { token },
      );
      const aal1 = (
        await guarded.gql(SIGN_IN, {
          flowId: await loginFlowId(guarded),
          identifier: user.email,
          password: user.password,
        })
      ).data?.updateLoginFlow.sessionToken;
      const outcomes: unknown[] = [];
      for (let i = 0; i < 3; i += 1) {
        // A new flow each time: the count belongs to the session, not to one flow.
        const flowId = (
          await guarded.gql(
            'mutation { createLoginFlow(input: { aal: "aal2" }) { id } }',
            {},
            { token: aal1 },
          )
        ).data?.createLoginFlow.id;
        const res = await guarded.gql(
          LOGIN,
          { input: { flowId, lookupSecret: { code: `wrong-${randomUUID().slice(0, 6)}` } } },
          { token: aal1 },
        );
        outcomes.push(res.errors?.[0]?.extensions?.code ?? res.data?.updateLoginFlow.__typename);
      }
      expect(outcomes).toEqual(['LoginFlow', 'LoginFlow', 'RATE_LIMITED']);
    } finally {
      await guarded.stop();
    }
  });
});

it('refuses a settings flow to an aal1 session of an identity with a second factor, saying where to step up', async () => {
  const user = newUser('StepUpSettings');
  const { token } = await signUp(env.facade, user);
  await enrolTotp(env.facade, token);
  const aal1 = await passwordSignIn(env.facade, user);
  const res = await env.facade.gql('mutation { createSettingsFlow { id } }', {}, { token: aal1 });
  expect(errorCode(res)).toBe('AAL2_REQUIRED');
  expect(res.errors?.[0]?.extensions?.redirectBrowserTo).toEqual(expect.stringContaining('aal=aal2'));
});

it('answers Aal2Required to a settings submission that now needs the second factor, and its loginFlow steps up', async () => {
  const user = newUser('Aal2Submit');
  const { token } = await signUp(env.facade, user);
  // A password sign-in and a settings flow while the identity has no second factor: aal1 is enough for both.
  const aal1 = await passwordSignIn(env.facade, user);
  const pending = await settingsFlow(env.facade, aal1);
  // Meanwhile another session adds an authenticator app: the aal1 session no longer satisfies Ory's
  // `required_aal: highest_available`, and the submission of its settings flow is refused with Ory's 403
  // `session_aal2_required`, which the facade answers as the union member rather than an error.
  const totp = await enrolTotp(env.facade, token);
  const input = {
    flowId: pending.id,
    profile: { traits: { email: user.email, name: { first: 'Stepped', last: 'Up' } } },
  };
  const refused = await env.facade.gql(SETTINGS, { input }, { token: aal1 });
  expect(refused.errors).toBeUndefined();
  expect(refused.data?.updateSettingsFlow).toMatchObject({
    __typename: 'Aal2Required',
    loginFlow: { id: expect.any(String), requestedAal: 'AAL2' },
  });

  // The loginFlow is the very flow to complete: the app's code there makes the same session aal2.
  const stepped = await env.facade.gql(
    LOGIN,
    { input: { flowId: refused.data?.updateSettingsFlow.loginFlow.id, totp: { code: totp.generate() } } },
    { token: aal1 },
  );
  expect(stepped.data?.updateLoginFlow).toMatchObject({
    __typename: 'LoginSuccess',
    session: {
      authenticatorAssuranceLevel: 'AAL2',
      authenticationMethods: [{ method: 'password' }, { method: 'totp' }],
    },
  });
  const retried = await env.facade.gql(SETTINGS, { input }, { token: aal1 });
  expect(retried.data?.updateSettingsFlow).toMatchObject({ __typename: 'SettingsFlow', state: 'SUCCESS' });
});
