/**
 * End-user attribution (security requirement 26): Ory records the end user's device on sessions, so calls
 * carry the user's User-Agent and client IP; the IP comes from trusted proxy hops only, and headers a client
 * sends to spoof its address (X-Real-IP, True-Client-IP) never reach Ory.
 */
import { useFacade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

describe('without trusted proxies', () => {
  const env = useFacade(() => startOryBackend());

  it('sends the TCP peer as the client IP and ignores client-supplied forwarding headers', async () => {
    const { token } = await signUp(env.facade, newUser('Dev'));
    env.backend.resetCalls();
    const res = await env.facade.gql(
      '{ me { devices { ipAddress userAgent } } }',
      {},
      {
        token,
        headers: {
          'User-Agent': 'ExampleApp/1.0',
          'X-Forwarded-For': '203.0.113.7',
          'X-Real-IP': '203.0.113.8',
          'True-Client-IP': '203.0.113.9',
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const [call] = env.backend.calls();
    expect(call?.headers['user-agent']).toBe('ExampleApp/1.0');
    expect(call?.headers['x-forwarded-for']).toMatch(/127\.0\.0\.1|::1|::ffff:127\.0\.0\.1/);
    expect(JSON.stringify(call?.headers)).not.toMatch(/203\.0\.113/);
  });
});

describe('behind a trusted proxy', () => {
  const env = useFacade(() => startOryBackend(), { TRUST_PROXY: 'loopback' });

  it('takes the client IP from X-Forwarded-For set by the trusted proxy, and Ory records it on the session', async () => {
    const user = newUser('Proxied');
    const flow = await env.facade.gql('mutation { createRegistrationFlow { id } }');
    const res = await env.facade.gql(
      'mutation ($id: ID!, $pw: String!, $traits: JSONObject!) { updateRegistrationFlow(input: { flowId: $id, password: { password: $pw, traits: $traits } }) { ... on RegistrationSuccess { session { devices { ipAddress userAgent } } } } }',
      { id: flow.data?.createRegistrationFlow.id, pw: user.password, traits: { email: user.email } },
      { headers: { 'X-Forwarded-For': '198.51.100.23', 'User-Agent': 'Browser/2.0' } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRegistrationFlow.session.devices).toEqual([
      expect.objectContaining({ ipAddress: '198.51.100.23', userAgent: 'Browser/2.0' }),
    ]);
  });
});

describe('with TRUST_PROXY naming other addresses than the peer', () => {
  // The test client connects from loopback, which is not in 10.0.0.0/8: it is a client, not a proxy.
  const env = useFacade(() => startOryBackend(), { TRUST_PROXY: '10.0.0.0/8' });

  it('ignores a spoofed X-Forwarded-For: Ory records the TCP peer on the new session', async () => {
    const user = newUser('Spoof');
    const flow = await env.facade.gql('mutation { createRegistrationFlow { id } }');
    const res = await env.facade.gql(
      'mutation ($id: ID!, $pw: String!, $traits: JSONObject!) { updateRegistrationFlow(input: { flowId: $id, password: { password: $pw, traits: $traits } }) { ... on RegistrationSuccess { session { devices { ipAddress } } } } }',
      { id: flow.data?.createRegistrationFlow.id, pw: user.password, traits: { email: user.email } },
      { headers: { 'X-Forwarded-For': '203.0.113.7, 10.1.2.3' } },
    );
    expect(res.errors).toBeUndefined();
    const [device] = res.data?.updateRegistrationFlow.session.devices ?? [];
    expect(device?.ipAddress).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });
});
