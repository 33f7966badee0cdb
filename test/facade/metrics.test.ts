/**
 * Prometheus metrics (METRICS, METRICS_PORT): requests by operation and outcome, Ory calls by API, operation and
 * status, brute-force refusals and the circuit state, counted exactly; off by default; on a port of their own.
 */
import request from 'supertest';
import { errorCode, startFacade, useFacade } from '../harness/facade';
import { SIGN_IN, loginFlowId, newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const PER_IDENTIFIER = 2;
const env = useFacade(() => startOryBackend(), {
  METRICS: 'true',
  RATE_LIMIT_PER_IDENTIFIER: String(PER_IDENTIFIER),
});

/** The value of one series in the exposition text (0 when absent). */
async function sample(series: string): Promise<number> {
  const res = await request(env.facade.app).get('/metrics');
  expect(res.status).toBe(200);
  const line = res.text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

it('counts requests by operation and outcome, and the Ory calls they made, exactly', async () => {
  const { token } = await signUp(env.facade, newUser('Metrics'));
  const requests = 'ory_graphql_requests_total{operation="MetricsMe",outcome="ok"}';
  const calls = 'ory_graphql_ory_calls_total{api="frontend",operation="toSession",status="200"}';
  const unauthenticated = 'ory_graphql_requests_total{operation="MetricsAdmin",outcome="UNAUTHENTICATED"}';
  const requestsBefore = await sample(requests);
  const callsBefore = await sample(calls);
  const refusedBefore = await sample(unauthenticated);
  for (let i = 0; i < 3; i += 1) {
    const res = await env.facade.gql('query MetricsMe { me { id } }', {}, { token });
    expect(res.data).toMatchObject({ me: { id: expect.any(String) } });
  }
  expect(
    errorCode(await env.facade.gql('query MetricsAdmin { identities(first: 1) { nodes { id } } }')),
  ).toBe('UNAUTHENTICATED');
  expect(await sample(requests)).toBe(requestsBefore + 3);
  expect(await sample(calls)).toBe(callsBefore + 3);
  expect(await sample(unauthenticated)).toBe(refusedBefore + 1);
  expect(
    await sample('ory_graphql_request_duration_seconds_count{operation="MetricsMe"}'),
  ).toBeGreaterThanOrEqual(3);
  expect(await sample('ory_graphql_ory_circuit_open{api="frontend"}')).toBe(0);
});

it("counts the facade's brute-force refusals by limit", async () => {
  const user = newUser('MetricsGuess');
  await signUp(env.facade, user);
  const series = 'ory_graphql_rate_limit_refusals_total{limit="per_identifier"}';
  const before = await sample(series);
  let refused = 0;
  for (let i = 0; i < PER_IDENTIFIER + 1; i += 1) {
    const flowId = await loginFlowId(env.facade);
    const res = await env.facade.gql(SIGN_IN, {
      flowId,
      identifier: user.email,
      password: 'wrong-password-1',
    });
    if (res.errors?.[0]?.extensions?.code === 'RATE_LIMITED') refused += 1;
  }
  expect(refused).toBe(1);
  expect(await sample(series)).toBe(before + 1);
});

it('gives operation names beyond the first 100 one series, "other" (clients choose the names)', async () => {
  for (let i = 0; i < 105; i += 1) await env.facade.gql(`query Many${i} { __typename }`);
  const text = (await request(env.facade.app).get('/metrics')).text;
  const names = new Set(
    [...text.matchAll(/ory_graphql_requests_total\{operation="([^"]+)"/g)].map((m) => m[1]),
  );
  // 100 names, `anonymous` and `other`.
  expect(names.size).toBeLessThanOrEqual(102);
  expect(names.has('other')).toBe(true);
});

describe('configuration', () => {
  it('serves no /metrics when metrics are off (the default)', async () => {
    const off = await startFacade(env.backend);
    try {
      expect((await request(off.app).get('/metrics')).status).toBe(404);
      expect(off.server.metricsApp).toBeNull();
    } finally {
      await off.stop();
    }
  });

  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const separate = await startFacade(env.backend, { METRICS_PORT: '0' });
    try {
      expect((await request(separate.app).get('/metrics')).status).toBe(404);
      const metricsApp = separate.server.metricsApp;
      expect(metricsApp).not.toBeNull();
      if (metricsApp === null) return;
      const res = await request(metricsApp).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('# TYPE ory_graphql_requests_total counter');
      expect((await request(metricsApp).post('/graphql').send({ query: '{ __typename }' })).status).toBe(404);
    } finally {
      await separate.stop();
    }
  });
});
