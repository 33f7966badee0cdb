/**
 * A failing Ory (security requirements 14, 21, 24, 27-31): timeouts, retries only where safe, circuit
 * breakers per Ory API, readiness from breaker state, masked errors for every kind of broken answer, and a
 * server that keeps serving. Faults are injected by the emulator, or against real Kratos by the recording proxy
 * in front of it.
 */
import request from 'supertest';
import { createLogger } from '../../src/logger';
import { errorCode, useFacade, type GqlResponse } from '../harness/facade';
import { SIGN_IN, loginFlowId, newUser, signUp } from '../harness/fixtures';
import type { FaultRule, Faults } from '../../emulator';
import { startOryBackend } from '../harness/oryBackend';

const ORY_TIMEOUT_MS = 400;
const BREAKER_RESET_MS = 800;
const logLines: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/**
 * A backend and facade for one describe block: circuit-breaker state must not leak between groups of tests,
 * so each group gets its own facade (and its own breakers); faults are cleared before each test.
 */
function useFaultyOry() {
  const env = useFacade(
    () => startOryBackend(),
    {
      ORY_TIMEOUT_MS: String(ORY_TIMEOUT_MS),
      OPERATION_TIMEOUT_MS: '3000',
      ORY_BREAKER_RESET_MS: String(BREAKER_RESET_MS),
    },
    createLogger('warn', { write: (line: string) => void logLines.push(line) }),
  );
  const state = { token: '' };
  beforeAll(async () => {
    state.token = (await signUp(env.facade, newUser('Res'))).token;
  });
  beforeEach(async () => {
    await env.backend.faults.clear();
    env.backend.resetCalls();
  });
  return {
    env,
    get token() {
      return state.token;
    },
    faults(): Faults {
      return env.backend.faults;
    },
    whoamiCalls: () => env.backend.calls().filter((call) => call.path === '/sessions/whoami'),
    async stillServes() {
      const res = await env.facade.gql('{ __typename }');
      expect(res.data).toEqual({ __typename: 'Query' });
    },
  };
}

/** The error a client sees: a contract code, a fixed message, a request id, nothing from upstream. */
function expectMasked(res: GqlResponse, code: string) {
  expect(res.status).toBe(200);
  expect(errorCode(res)).toBe(code);
  const error = res.errors?.[0];
  expect(error?.extensions?.requestId).toEqual(expect.any(String));
  expect(error?.extensions?.stacktrace).toBeUndefined();
  expect(error?.extensions?.exception).toBeUndefined();
  const text = JSON.stringify(res.errors);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|ECONN|<html|ory_|at \w+ \(/i);
}

describe('malformed and failing answers (14, 31)', () => {
  const t = useFaultyOry();
  const cases: Array<[string, FaultRule]> = [
    ['invalid JSON', { kind: 'malformed', path: '/sessions/whoami' }],
    [
      'an HTML 502 page',
      {
        kind: 'status',
        status: 502,
        body: '<html><body>Bad Gateway nginx</body></html>',
        contentType: 'text/html',
        path: '/sessions/whoami',
      },
    ],
    ['a connection reset', { kind: 'reset', path: '/sessions/whoami' }],
    ['a truncated body', { kind: 'truncated', path: '/sessions/whoami' }],
    [
      'the wrong content type',
      { kind: 'wrongContentType', body: 'not json at all', path: '/sessions/whoami' },
    ],
    ['a 10 MB body', { kind: 'oversized', bytes: 10 * 1024 * 1024, path: '/sessions/whoami' }],
  ];

  it.each(cases)('masks %s as UPSTREAM_UNAVAILABLE and keeps serving', async (_label, rule) => {
    t.faults().add(rule.kind === 'closed' ? rule : { ...rule, times: 3 });
    const res = await t.env.facade.gql(
      '{ me { id } }',
      {},
      { token: t.token, headers: { 'X-Request-Id': 'fault-1' } },
    );
    expectMasked(res, 'UPSTREAM_UNAVAILABLE');
    await t.stillServes();
    expect(unhandled).toEqual([]);
  });

  it('answers connection refused as UPSTREAM_UNAVAILABLE', async () => {
    const id = t.faults().add({ kind: 'closed', listener: 'public' });
    try {
      expectMasked(await t.env.facade.gql('mutation { createLoginFlow { id } }'), 'UPSTREAM_UNAVAILABLE');
    } finally {
      await t.faults().remove(id);
    }
    await t.stillServes();
  });
});

describe('logging upstream failures (14)', () => {
  const t = useFaultyOry();

  it('logs the original failure under the request id', async () => {
    t.faults().add({ kind: 'malformed', path: '/sessions/whoami', times: 3 });
    logLines.length = 0;
    await t.env.facade.gql(
      '{ me { id } }',
      {},
      { token: t.token, headers: { 'X-Request-Id': 'fault-logged' } },
    );
    const entry = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.requestId === 'fault-logged' && line.msg === 'operation error');
    expect(entry).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      err: { type: 'OryError', kind: 'malformed', operation: 'toSession' },
    });
  });
});

describe('timeouts (27)', () => {
  const t = useFaultyOry();
  it('answers UPSTREAM_TIMEOUT when Ory hangs, and closes the upstream connection', async () => {
    t.faults().add({ kind: 'hang', path: '/self-service/login/api' });
    const res = await t.env.facade.gql('mutation { createLoginFlow { id } }');
    expectMasked(res, 'UPSTREAM_TIMEOUT');
    await sleep(50);
    const calls = t.env.backend.calls().filter((call) => call.path === '/self-service/login/api');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.clientClosed).toBe(true);
  });

  it('times out a body that dribbles in', async () => {
    t.faults().add({ kind: 'dribble', path: '/sessions/whoami', chunkBytes: 1, intervalMs: 200 });
    expectMasked(await t.env.facade.gql('{ me { id } }', {}, { token: t.token }), 'UPSTREAM_TIMEOUT');
  });
});

describe('retries (28)', () => {
  const t = useFaultyOry();
  it('retries an idempotent read after a 503: exactly two calls, and the read succeeds', async () => {
    t.faults().add({ kind: 'status', status: 503, path: '/sessions/whoami', times: 1 });
    const res = await t.env.facade.gql('{ me { id } }', {}, { token: t.token });
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.id).toEqual(expect.any(String));
    expect(t.whoamiCalls()).toHaveLength(2);
  });

  it('never retries a flow submission: exactly one call', async () => {
    const flowId = await loginFlowId(t.env.facade);
    t.env.backend.resetCalls();
    t.faults().add({
      kind: 'status',
      status: 503,
      method: 'POST',
      path: '/self-service/login',
      times: 1,
    });
    const res = await t.env.facade.gql(SIGN_IN, { flowId, identifier: 'a@b.test', password: 'whatever-12' });
    expectMasked(res, 'UPSTREAM_UNAVAILABLE');
    expect(t.env.backend.calls().filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it("waits for Ory's Retry-After before retrying a read after a 429", async () => {
    t.faults().add({
      kind: 'status',
      status: 429,
      path: '/sessions/whoami',
      times: 1,
      headers: { 'Retry-After': '1' },
    });
    const started = Date.now();
    const res = await t.env.facade.gql('{ me { id } }', {}, { token: t.token });
    expect(res.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(t.whoamiCalls()).toHaveLength(2);
  });

  it("answers RATE_LIMITED at once when Ory's reset lies beyond the operation's deadline", async () => {
    t.faults().add({
      kind: 'status',
      status: 429,
      path: '/sessions/whoami',
      headers: { 'x-ratelimit-reset': '60' },
    });
    const res = await t.env.facade.gql('{ me { id } }', {}, { token: t.token });
    expect(errorCode(res)).toBe('RATE_LIMITED');
    expect(res.errors?.[0]?.extensions?.retryAfter).toBe(60);
    expect(t.whoamiCalls()).toHaveLength(1);
  });

  it('retries at most twice', async () => {
    t.faults().add({ kind: 'status', status: 503, path: '/sessions/whoami', times: 10 });
    expectMasked(await t.env.facade.gql('{ me { id } }', {}, { token: t.token }), 'UPSTREAM_UNAVAILABLE');
    expect(t.whoamiCalls()).toHaveLength(3);
  });
});

describe('Ory error mapping (24)', () => {
  const t = useFaultyOry();
  it.each([
    [401, undefined, '{ mySessions { nodes { id } } }', 'UNAUTHENTICATED'],
    [403, 'session_aal2_required', '{ mySessions { nodes { id } } }', 'AAL2_REQUIRED'],
    [403, 'security_csrf_violation', '{ mySessions { nodes { id } } }', 'CSRF_VIOLATION'],
  ])('maps %i %s to %s', async (status, id, query, code) => {
    t.faults().add({
      kind: 'status',
      status,
      error: id === undefined ? {} : { id },
      path: '/sessions',
    });
    const res = await t.env.facade.gql(query, {}, { token: t.token });
    expect(errorCode(res)).toBe(code);
    expect(res.status).toBe(200);
  });

  it('maps 410 on a flow fetch to FLOW_EXPIRED and 422 on a submission to a FlowRedirect', async () => {
    const flowId = await loginFlowId(t.env.facade);
    t.faults().add({
      kind: 'status',
      status: 410,
      error: { id: 'self_service_flow_expired' },
      path: '/self-service/login/flows',
      times: 1,
    });
    const fetched = await t.env.facade.gql('query ($id: ID!) { loginFlow(id: $id) { id } }', {
      id: flowId,
    });
    expect(errorCode(fetched)).toBe('FLOW_EXPIRED');
    t.faults().add({
      kind: 'status',
      status: 422,
      body: JSON.stringify({
        error: {
          id: 'browser_location_change_required',
          code: 422,
          message: 'browser location change required',
        },
        redirect_browser_to: 'https://example.test/next',
      }),
      method: 'POST',
      path: '/self-service/login',
      times: 1,
    });
    const submitted = await t.env.facade.gql(
      `mutation ($id: ID!) { updateLoginFlow(input: { flowId: $id, password: { identifier: "a@b.test", password: "whatever-12" } }) { __typename ... on FlowRedirect { redirectBrowserTo } } }`,
      { id: flowId },
    );
    expect(submitted.data?.updateLoginFlow).toEqual({
      __typename: 'FlowRedirect',
      redirectBrowserTo: 'https://example.test/next',
    });
  });

  it('never opens the breaker for 4xx answers', async () => {
    t.faults().add({ kind: 'status', status: 404, path: '/self-service/login/flows' });
    for (let i = 0; i < 12; i += 1) {
      const res = await t.env.facade.gql('{ loginFlow(id: "00000000-0000-4000-8000-000000000000") { id } }');
      expect(errorCode(res)).toBe('NOT_FOUND');
    }
    expect((await request(t.env.facade.app).get('/health/ready')).status).toBe(200);
  });
});

describe('circuit breaker and readiness (29, 30)', () => {
  const t = useFaultyOry();
  it('opens after repeated 5xx, then fails fast with no Ory call, and recovers', async () => {
    const outage = t.faults().add({ kind: 'status', status: 503, listener: 'public', path: '*' });
    for (let i = 0; i < 6; i += 1) await t.env.facade.gql('mutation { createLoginFlow { id } }');
    expect((await request(t.env.facade.app).get('/health/ready')).status).toBe(503);
    expect((await request(t.env.facade.app).get('/health/live')).status).toBe(200);

    t.env.backend.resetCalls();
    const fast = await t.env.facade.gql('mutation { createLoginFlow { id } }');
    expectMasked(fast, 'UPSTREAM_UNAVAILABLE');
    expect(t.env.backend.calls()).toEqual([]);

    // The admin API has its own breaker: administration keeps working.
    const admin = await t.env.facade.gql('{ identities(first: 1) { nodes { id } } }', {}, { admin: true });
    expect(admin.errors).toBeUndefined();

    await t.faults().remove(outage);
    await sleep(BREAKER_RESET_MS + 100);
    const recovered = await t.env.facade.gql('mutation { createLoginFlow { id } }');
    expect(recovered.errors).toBeUndefined();
    expect((await request(t.env.facade.app).get('/health/ready')).status).toBe(200);
  });

  it('answers readiness probes without calling Ory', async () => {
    t.env.backend.resetCalls();
    for (let i = 0; i < 20; i += 1) await request(t.env.facade.app).get('/health/ready');
    expect(t.env.backend.calls()).toEqual([]);
  });
});

describe('Set-Cookie fidelity (21)', () => {
  const t = useFaultyOry();
  it('relays every Set-Cookie as its own header, attributes intact, with Cache-Control: no-store', async () => {
    const real = await fetch(`${t.env.backend.publicUrl}/self-service/login/browser`, {
      headers: { Accept: 'application/json' },
    });
    const flow = await real.text();
    const cookies = [
      'csrf_token_abc=one; Path=/; Domain=ory.example.test; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax',
      'ory_kratos_session=two; Path=/; Expires=Wed, 21 Oct 2035 07:28:00 GMT; HttpOnly; Secure; SameSite=Strict',
    ];
    t.faults().add({
      kind: 'status',
      status: 200,
      body: flow,
      path: '/self-service/login/browser',
      times: 1,
      headers: { 'Set-Cookie': cookies },
    });
    const res = await t.env.facade.gql('mutation { createLoginFlow(input: { client: BROWSER }) { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.setCookies).toEqual([
      'csrf_token_abc=one; Path=/; Max-Age=31536000; HttpOnly; Secure; SameSite=Lax',
      'ory_kratos_session=two; Path=/; Expires=Wed, 21 Oct 2035 07:28:00 GMT; HttpOnly; Secure; SameSite=Strict',
    ]);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
