/**
 * Brute-force protection (security requirement 25, and the outside probe's finding 4): failed attempts are
 * counted per identifier *and client*, so an attacker who guesses wrong locks out only itself, never the owner;
 * a much higher ceiling per identifier across all clients stops guessing spread over many addresses, refusing
 * only clients that have themselves failed; every attempt counts per client IP. Refusals are RATE_LIMITED with
 * retryAfter and cost no Ory call. The clients here are told apart by X-Forwarded-For from a trusted proxy.
 */
import { errorCode, useFacade, type Facade, type GqlResponse } from '../harness/facade';
import { SIGN_IN, loginFlowId, newUser, signUp, type TestUser } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const PER_IDENTIFIER = 5;
const ALL_IPS = 8;
const PER_IP = 12;

type SignInResponse = GqlResponse<{ updateLoginFlow: { __typename: string } }>;

function attempt(facade: Facade, user: TestUser, password: string, ip?: string): Promise<SignInResponse> {
  return loginFlowId(facade).then((flowId) =>
    facade.gql(
      SIGN_IN,
      { flowId, identifier: user.email, password },
      { headers: ip === undefined ? {} : { 'X-Forwarded-For': ip } },
    ),
  );
}

const outcome = (res: SignInResponse): unknown =>
  res.errors === undefined ? res.data?.updateLoginFlow.__typename : res.errors[0]?.extensions?.code;

describe('behind a trusted proxy (one client per address)', () => {
  const env = useFacade(() => startOryBackend(), {
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_PER_IDENTIFIER: String(PER_IDENTIFIER),
    RATE_LIMIT_PER_IDENTIFIER_ALL_IPS: String(ALL_IPS),
    RATE_LIMIT_PER_IP: '1000',
  });

  it(`refuses a client after ${PER_IDENTIFIER} failures on an identifier, without asking Ory`, async () => {
    const user = newUser('Target');
    await signUp(env.facade, user);
    for (let i = 0; i < PER_IDENTIFIER; i += 1)
      expect(outcome(await attempt(env.facade, user, 'not-the-password', '198.51.100.1'))).toBe('LoginFlow');
    const flowId = await loginFlowId(env.facade);
    env.backend.resetCalls();
    const res = await env.facade.gql(
      SIGN_IN,
      { flowId, identifier: user.email.toUpperCase(), password: user.password },
      { headers: { 'X-Forwarded-For': '198.51.100.1' } },
    );
    expect(errorCode(res)).toBe('RATE_LIMITED');
    expect(res.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    expect(env.backend.calls()).toEqual([]);
  });

  it('never locks the owner out: wrong guesses from an attacker leave the owner signing in', async () => {
    const owner = newUser('Owner');
    await signUp(env.facade, owner);
    for (let i = 0; i < PER_IDENTIFIER + 2; i += 1)
      await attempt(env.facade, owner, 'guess-from-attacker', '198.51.100.2');
    expect(outcome(await attempt(env.facade, owner, 'another-guess', '198.51.100.2'))).toBe('RATE_LIMITED');
    expect(outcome(await attempt(env.facade, owner, owner.password, '203.0.113.5'))).toBe('LoginSuccess');
    // A typo of the owner's is a plain failed sign-in, not a refusal.
    expect(outcome(await attempt(env.facade, owner, 'typo', '203.0.113.5'))).toBe('LoginFlow');
  });

  it(`above ${ALL_IPS} failures across addresses, refuses clients that failed and admits those that did not`, async () => {
    const owner = newUser('Spread');
    await signUp(env.facade, owner);
    for (const ip of ['198.51.100.10', '198.51.100.11', '198.51.100.12', '198.51.100.13']) {
      expect(outcome(await attempt(env.facade, owner, 'guess-1', ip))).toBe('LoginFlow');
      expect(outcome(await attempt(env.facade, owner, 'guess-2', ip))).toBe('LoginFlow');
    }
    // Each of these has failed twice, well under its own limit, but the identifier is over the ceiling.
    expect(outcome(await attempt(env.facade, owner, 'guess-3', '198.51.100.10'))).toBe('RATE_LIMITED');
    expect(outcome(await attempt(env.facade, owner, owner.password, '198.51.100.13'))).toBe('RATE_LIMITED');
    // A client that has not failed is still admitted, right or wrong.
    expect(outcome(await attempt(env.facade, owner, 'fresh-guess', '198.51.100.99'))).toBe('LoginFlow');
    expect(outcome(await attempt(env.facade, owner, owner.password, '203.0.113.77'))).toBe('LoginSuccess');
  });

  it('counts an IPv6 client by its /64: addresses in one prefix share a limit', async () => {
    const user = newUser('Six');
    await signUp(env.facade, user);
    for (let i = 1; i <= PER_IDENTIFIER; i += 1)
      await attempt(env.facade, user, 'not-the-password', `2001:db8:1:2::${i}`);
    expect(outcome(await attempt(env.facade, user, user.password, '2001:db8:1:2:ffff::9'))).toBe(
      'RATE_LIMITED',
    );
    expect(outcome(await attempt(env.facade, user, user.password, '2001:db8:1:3::1'))).toBe('LoginSuccess');
  });
});

describe('without trusted proxies', () => {
  const env = useFacade(() => startOryBackend(), {
    RATE_LIMIT_PER_IDENTIFIER: String(PER_IDENTIFIER),
    RATE_LIMIT_PER_IP: String(PER_IP),
  });

  it(`refuses a client IP after ${PER_IP} attempts a minute, whatever X-Forwarded-For it claims`, async () => {
    // The test client is not a trusted proxy (TRUST_PROXY is off), so its X-Forwarded-For is ignored.
    const outcomes: unknown[] = [];
    for (let i = 0; i < PER_IP + 3; i += 1)
      outcomes.push(outcome(await attempt(env.facade, newUser(`Spray${i}`), 'wrong', `192.0.2.${i}`)));
    expect(outcomes.slice(0, PER_IP).every((value) => value === 'LoginFlow')).toBe(true);
    expect(outcomes.slice(PER_IP)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

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
