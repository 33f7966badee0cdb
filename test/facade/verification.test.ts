/**
 * Address verification with a code, including the verification flow that registration starts.
 */
import { useFacade } from '../harness/facade';
import { SIGN_UP, newUser, registrationFlowId } from '../harness/fixtures';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const SUBMIT = `mutation ($id: ID!, $email: String, $code: String) {
  updateVerificationFlow(input: { flowId: $id, code: { email: $email, code: $code } }) {
    __typename ... on VerificationFlow { id state ui { messages { id } } }
    ... on FlowExpired { useFlowId }
  }
}`;

const ADDRESSES = '{ me { identity { verifiableAddresses { value verified status verifiedAt } } } }';

describe('verification', () => {
  it('verifies the address with the code from the email registration sent', async () => {
    const user = newUser('Vic');
    const flowId = await registrationFlowId(env.facade);
    const res = await env.facade.gql(SIGN_UP, {
      flowId,
      password: user.password,
      traits: { email: user.email },
    });
    const success = res.data?.updateRegistrationFlow;
    expect(success.__typename).toBe('RegistrationSuccess');
    const kinds = success.continueWith.map((item: { __typename: string }) => item.__typename);
    // Ory lists the verification step first and the session token last.
    expect(kinds).toEqual(['ContinueWithVerificationUi', 'ContinueWithSetOrySessionToken']);
    const verification = success.continueWith[0].flow;
    expect(verification.verifiableAddress).toBe(user.email);
    expect(verification.url).toBeNull();

    const code = await courierCode(env.backend, user.email);
    const done = await env.facade.gql(SUBMIT, { id: verification.id, code });
    expect(done.errors).toBeUndefined();
    expect(done.data?.updateVerificationFlow).toMatchObject({
      __typename: 'VerificationFlow',
      state: 'PASSED_CHALLENGE',
    });
    expect(done.data?.updateVerificationFlow.ui.messages.map((m: { id: number }) => m.id)).toContain(1080002);

    const me = await env.facade.gql(ADDRESSES, {}, { token: success.sessionToken });
    expect(me.data?.me.identity.verifiableAddresses).toEqual([
      expect.objectContaining({ value: user.email, verified: true, status: 'completed' }),
    ]);
  });

  it('sends a new code on request and answers a wrong code with 4070006', async () => {
    const user = newUser('Wes');
    const flowId = await registrationFlowId(env.facade);
    await env.facade.gql(SIGN_UP, { flowId, password: user.password, traits: { email: user.email } });

    const created = await env.facade.gql('mutation { createVerificationFlow { id state } }');
    const id = created.data?.createVerificationFlow.id;
    const sent = await env.facade.gql(SUBMIT, { id, email: user.email });
    expect(sent.data?.updateVerificationFlow.state).toBe('SENT_EMAIL');
    const code = await courierCode(env.backend, user.email);
    const wrong = await env.facade.gql(SUBMIT, { id, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.errors).toBeUndefined();
    expect(wrong.data?.updateVerificationFlow.ui.messages.map((m: { id: number }) => m.id)).toContain(
      4070006,
    );
    const right = await env.facade.gql(SUBMIT, { id, code });
    expect(right.data?.updateVerificationFlow.state).toBe('PASSED_CHALLENGE');
  });

  it('answers a second submission of a passed flow with its replacement', async () => {
    const user = newUser('Xan');
    const flowId = await registrationFlowId(env.facade);
    await env.facade.gql(SIGN_UP, { flowId, password: user.password, traits: { email: user.email } });
    const created = await env.facade.gql('mutation { createVerificationFlow { id } }');
    const id = created.data?.createVerificationFlow.id;
    await env.facade.gql(SUBMIT, { id, email: user.email });
    const code = await courierCode(env.backend, user.email);
    await env.facade.gql(SUBMIT, { id, code });
    const again = await env.facade.gql(SUBMIT, { id, code });
    expect(again.data?.updateVerificationFlow.__typename).toBe('FlowExpired');
    expect(again.data?.updateVerificationFlow.useFlowId).not.toBe(id);
  });
});
