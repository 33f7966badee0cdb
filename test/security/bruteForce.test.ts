/**
 * Brute-force protection (security requirement 25): per identifier and per client IP, counted per attempt,
 * refused with RATE_LIMITED and retryAfter before any Ory call; an X-Forwarded-For from an untrusted peer does
 * not change the bucket.
 */
import { errorCode, useFacade } from '../harness/facade';
import { SIGN_IN, loginFlowId, newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const PER_IDENTIFIER = 5;
const PER_IP = 12;
const env = useFacade(() => startOryBackend(), {
  RATE_LIMIT_PER_IDENTIFIER: String(PER_IDENTIFIER),
  RATE_LIMIT_PER_IP: String(PER_IP),
});

async function wrongPassword(email: string, headers: Record<string, string> = {}) {
  const flowId = await loginFlowId(env.facade);
  return env.facade.gql(SIGN_IN, { flowId, identifier: email, password: 'not-the-password' }, { headers });
}

describe('sign-in', () => {
  it(`refuses an identifier after ${PER_IDENTIFIER} failed attempts, without asking Ory`, async () => {
    const user = newUser('Target');
    await signUp(env.facade, user);
    for (let i = 0; i < PER_IDENTIFIER; i += 1) {
      const res = await wrongPassword(user.email, { 'X-Forwarded-For': `10.0.0.${i}` });
      expect(res.data?.updateLoginFlow.__typename).toBe('LoginFlow');
    }
    const flowId = await loginFlowId(env.facade);
    env.backend.resetCalls();
    // Even the right password is refused now: the identifier is locked for a while.
    const res = await env.facade.gql(SIGN_IN, {
      flowId,
      identifier: user.email.toUpperCase(),
      password: user.password,
    });
    expect(errorCode(res)).toBe('RATE_LIMITED');
    expect(res.errors?.[0]?.extensions?.retryAfter).toEqual(expect.any(Number));
    expect(res.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    expect(env.backend.calls()).toEqual([]);
  });

  it(`refuses a client IP after ${PER_IP} attempts a minute, whatever X-Forwarded-For it claims`, async () => {
    // The test client is not a trusted proxy (TRUST_PROXY is off), so its X-Forwarded-For is ignored.
    let refused = 0;
    for (let i = 0; i < PER_IP + 3; i += 1) {
      const res = await wrongPassword(newUser(`Spray${i}`).email, { 'X-Forwarded-For': `192.0.2.${i}` });
      if (errorCode({ ...res, errors: res.errors ?? [{ message: '', extensions: {} }] }) === 'RATE_LIMITED')
        refused += 1;
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('codes', () => {
  it('limits recovery code guesses per flow like sign-ins', async () => {
    const user = newUser('Coder');
    await signUp(env.facade, user);
    const created = await env.facade.gql('mutation { createRecoveryFlow { id } }');
    const id = created.data?.createRecoveryFlow.id;
    await env.facade.gql(
      'mutation ($id: ID!, $email: String!) { updateRecoveryFlow(input: { flowId: $id, code: { email: $email } }) { __typename } }',
      { id, email: user.email },
    );
    const submit = (code: string) =>
      env.facade.gql(
        'mutation ($id: ID!, $code: String!) { updateRecoveryFlow(input: { flowId: $id, code: { code: $code } }) { __typename } }',
        { id, code },
      );
    const codes: unknown[] = [];
    for (let i = 0; i < PER_IDENTIFIER + 1; i += 1)
      codes.push((await submit(`00000${i}`)).errors?.[0]?.extensions?.code);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });
});
