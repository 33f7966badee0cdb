/**
 * A one-time code as the second factor (Ory's `code.mfa_enabled`): an aal1 session is asked for aal2, the aal2
 * login flow mails a code, and submitting it steps the session up. Against the emulator and real Kratos (the
 * `mfaCode` profile).
 */
import { errorCode, useFacade } from '../harness/facade';
import { UI_FIELDS } from '../harness/flowNodes';
import { SIGN_IN, loginFlowId, newUser, signUp } from '../harness/fixtures';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend({ profile: 'mfaCode' }));

it('asks an aal1 session for a code sent by email, and steps it up with that code', async () => {
  const user = newUser('MfaCode');
  await signUp(env.facade, user);
  const signIn = await env.facade.gql(SIGN_IN, {
    flowId: await loginFlowId(env.facade),
    identifier: user.email,
    password: user.password,
  });
  const aal1: string = signIn.data?.updateLoginFlow.sessionToken;
  expect(errorCode(await env.facade.gql('{ me { id } }', {}, { token: aal1 }))).toBe('AAL2_REQUIRED');

  const created = await env.facade.gql(
    `mutation { createLoginFlow(input: { aal: "aal2" }) { id state ui { ${UI_FIELDS} } } }`,
    {},
    { token: aal1 },
  );
  expect(created.data?.createLoginFlow.state).toBe('SENT_EMAIL');
  const done = await env.facade.gql(
    `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
      __typename ... on LoginSuccess { session { authenticatorAssuranceLevel authenticationMethods { method } } } } }`,
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
    session: {
      authenticatorAssuranceLevel: 'AAL2',
      authenticationMethods: [{ method: 'password' }, { method: 'code' }],
    },
  });
  const me = await env.facade.gql('{ me { authenticatorAssuranceLevel } }', {}, { token: aal1 });
  expect(me.data?.me.authenticatorAssuranceLevel).toBe('AAL2');
});
