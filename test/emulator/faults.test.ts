/**
 * Fault injection, observed from real HTTP clients (Node's `fetch`, which is undici like the
 * facade's transport, and `node:http` where byte-level details matter).
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import request from 'supertest';
import { FaultRuleError, startEmulator, type Emulator, type FaultRule } from '../../emulator';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** False when the connection ended before the declared body arrived. */
  complete: boolean;
  /** How many `data` events the body came in. */
  chunks: number;
  headersAfterMs: number;
  totalMs: number;
}

interface RawInit {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string;
  agent?: Agent | false;
}

/** One request over `node:http`; resolves even when the body is cut short (see `complete`). */
function raw(url: string, init: RawInit = {}): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false },
      (res) => {
        const headersAfterMs = performance.now() - started;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        // A premature close surfaces as an `aborted` error on the response; `complete` reports it.
        res.on('error', () => undefined);
        res.on('close', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            complete: res.complete,
            chunks: chunks.length,
            headersAfterMs,
            totalMs: performance.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The `code` of an error or of its `cause` chain (fetch wraps socket errors in `TypeError`). */
function errorCode(error: unknown): string | undefined {
  // Duck-typed: fetch's errors come from Node's realm, not Jest's, so `instanceof Error` is false.
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  return 'cause' in error ? errorCode(error.cause) : undefined;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('emulator: fault injection', () => {
  let emulator: Emulator;
  let whoami: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    whoami = `${emulator.publicUrl}/sessions/whoami`;
  });

  afterAll(async () => {
    await emulator.close();
  });

  afterEach(async () => {
    await emulator.faults.clear();
    emulator.requestLog.clear();
    emulator.resetConnections();
  });

  describe('matching and counting', () => {
    it('leaves requests alone when no rule matches', async () => {
      emulator.faults.add({ listener: 'admin', path: '/sessions/whoami', kind: 'reset' });
      const res = await fetch(whoami);
      expect(res.status).toBe(401);
      const [entry] = emulator.requestLog.entries();
      expect(entry).toEqual({
        listener: 'public',
        method: 'GET',
        path: '/sessions/whoami',
        query: {},
        status: 401,
        headers: expect.any(Object),
      });
      expect(entry).not.toHaveProperty('fault');
    });

    it('applies a rule `times` times, then lets requests through (503 then the real answer)', async () => {
      const id = emulator.faults.add({ path: '/sessions/whoami', kind: 'status', status: 503, times: 1 });
      expect((await fetch(whoami)).status).toBe(503);
      expect((await fetch(whoami)).status).toBe(401);
      expect(emulator.requestLog.entries().map((e) => [e.status, e.fault])).toEqual([
        [503, { id, kind: 'status' }],
        [401, undefined],
      ]);
      expect(emulator.faults.list()).toEqual([
        {
          id,
          rule: expect.objectContaining({ listener: 'either', path: '/sessions/whoami', times: 1 }),
          matched: 1,
          applied: 1,
          remaining: 0,
        },
      ]);
    });

    it('lets `afterCalls` requests pass before applying', async () => {
      emulator.faults.add({ path: '/health/alive', kind: 'status', status: 500, afterCalls: 2, times: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${emulator.publicUrl}/health/alive`)).status);
      expect(statuses).toEqual([200, 200, 500, 500, 200]);
    });

    it('matches the method case-insensitively, exact paths and `*` prefixes', async () => {
      emulator.faults.add({ method: 'post', path: '/self-service/login', kind: 'status', status: 503 });
      emulator.faults.add({ listener: 'public', path: '/schemas*', kind: 'status', status: 502 });
      expect((await fetch(`${emulator.publicUrl}/self-service/login/api`)).status).toBe(200);
      expect(
        (await fetch(`${emulator.publicUrl}/self-service/login?flow=x`, { method: 'POST' })).status,
      ).toBe(503);
      const get = await fetch(`${emulator.publicUrl}/self-service/login?flow=x`, { redirect: 'manual' });
      expect(get.status).not.toBe(503);
      expect((await fetch(`${emulator.publicUrl}/schemas/default`)).status).toBe(502);
      // The public-only rule does not touch the admin port (which redirects /admin/schemas).
      expect((await fetch(`${emulator.adminUrl}/admin/schemas`, { redirect: 'manual' })).status).toBe(307);
    });

    it('normalises admin paths: `/identities` and `/admin/identities` are the same admin route', async () => {
      emulator.faults.add({ listener: 'admin', path: '/identities*', kind: 'status', status: 500, times: 2 });
      expect((await fetch(`${emulator.adminUrl}/identities`)).status).toBe(500);
      expect((await fetch(`${emulator.adminUrl}/admin/identities?page_size=1`)).status).toBe(500);
      expect((await fetch(`${emulator.adminUrl}/identities`)).status).toBe(200);
      // The log keeps the path as received.
      expect(emulator.requestLog.entries().map((e) => e.path)).toEqual([
        '/identities',
        '/admin/identities',
        '/identities',
      ]);
    });

    it('tries rules in order; a rule in its afterCalls phase lets later rules see the request', async () => {
      emulator.faults.add({ path: '/health/ready', kind: 'status', status: 500, afterCalls: 1 });
      emulator.faults.add({ path: '/health/ready', kind: 'status', status: 502, times: 1 });
      const url = `${emulator.publicUrl}/health/ready`;
      expect([(await fetch(url)).status, (await fetch(url)).status]).toEqual([502, 500]);
    });

    it('keeps rules per emulator instance', async () => {
      const other = await startEmulator();
      try {
        other.faults.add({ kind: 'status', status: 500 });
        expect((await fetch(`${emulator.publicUrl}/health/alive`)).status).toBe(200);
        expect((await fetch(`${other.publicUrl}/health/alive`)).status).toBe(500);
      } finally {
        await other.close();
      }
    });

    it('refuses invalid rules with a message naming the field', () => {
      const invalid: unknown[] = [
        { kind: 'status', status: 503, time: 1 },
        { kind: 'status' },
        { kind: 'delay', ms: -1 },
        { kind: 'explode' },
        { kind: 'reset', path: 'sessions' },
        { kind: 'reset', path: '/a*b' },
        { kind: 'reset', times: 0 },
        { kind: 'closed' },
        { kind: 'closed', listener: 'public', path: '/x' },
        { kind: 'status', status: 503, headers: { 'Bad Header': 'x' } },
        'reset',
      ];
      for (const rule of invalid) {
        // Plain JavaScript callers (and the HTTP API) can pass anything.
        expect(() => emulator.faults.add(rule as FaultRule)).toThrow(FaultRuleError);
      }
      expect(() => emulator.faults.add({ kind: 'status', status: 503, time: 1 } as FaultRule)).toThrow(
        'time is not a field of a "status" fault',
      );
      expect(emulator.faults.list()).toEqual([]);
    });
  });

  describe('fault kinds', () => {
    it('status: a herodot envelope by default', async () => {
      emulator.faults.add({ path: '/sessions/whoami', kind: 'status', status: 503 });
      const res = await fetch(whoami, { headers: { 'X-Request-Id': 'req-1' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('ory-error-id')).toBe('');
      expect(await res.json()).toEqual({
        error: { code: 503, status: 'Service Unavailable', request: 'req-1', message: 'Service Unavailable' },
      });
    });

    it('status: Ory error envelopes with id, reason and details', async () => {
      emulator.faults.add({
        path: '/sessions/whoami',
        kind: 'status',
        status: 403,
        error: {
          id: 'session_aal2_required',
          reason: 'An active session was found but it does not fulfill the Authenticator Assurance Level.',
          details: { redirect_browser_to: 'http://127.0.0.1:4455/login?aal=aal2' },
        },
      });
      const res = await fetch(whoami);
      expect(res.status).toBe(403);
      expect(res.headers.get('ory-error-id')).toBe('session_aal2_required');
      expect(await res.json()).toEqual({
        error: {
          id: 'session_aal2_required',
          code: 403,
          status: 'Forbidden',
          reason: expect.stringContaining('Authenticator Assurance Level'),
          details: { redirect_browser_to: 'http://127.0.0.1:4455/login?aal=aal2' },
          message: 'The requested action was forbidden',
        },
      });
    });

    it('status: an HTML 502 page', async () => {
      const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
      emulator.faults.add({ kind: 'status', status: 502, body: page, contentType: 'text/html' });
      const res = await fetch(whoami);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toBe(page);
    });

    it('status: 429 with rate-limit headers and several Set-Cookie lines', async () => {
      const cookies = [
        'a=1; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly',
        'b=2; Path=/; Expires=Thu, 22 Oct 2037 07:28:00 GMT',
      ];
      emulator.faults.add({
        kind: 'status',
        status: 429,
        headers: { 'Retry-After': '2', 'x-ratelimit-reset': '2', 'Set-Cookie': cookies },
      });
      const res = await fetch(whoami);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.headers.get('x-ratelimit-reset')).toBe('2');
      expect(res.headers.getSetCookie()).toEqual(cookies);
      expect(await res.json()).toMatchObject({ error: { code: 429, status: 'Too Many Requests' } });
    });

    it('delay: waits, then answers normally', async () => {
      emulator.faults.add({ path: '/health/alive', kind: 'delay', ms: 200 });
      const started = performance.now();
      const res = await fetch(`${emulator.publicUrl}/health/alive`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect(emulator.requestLog.entries()).toEqual([
        expect.objectContaining({ status: 200, fault: expect.objectContaining({ kind: 'delay' }) }),
      ]);
    });

    it('hang: the client times out and the emulator records that it closed the connection', async () => {
      emulator.faults.add({ path: '/sessions/whoami', kind: 'hang' });
      const error = await rejection(fetch(whoami, { signal: AbortSignal.timeout(300) }));
      expect(error).toMatchObject({ name: 'TimeoutError' });
      await waitFor(() => emulator.requestLog.entries()[0]?.clientClosed === true);
      expect(emulator.requestLog.entries()).toEqual([
        expect.objectContaining({
          status: 0,
          clientClosed: true,
          fault: expect.objectContaining({ kind: 'hang' }),
        }),
      ]);
    });

    it('hang: close() ends hung requests without calling it a client close', async () => {
      const own = await startEmulator();
      own.faults.add({ kind: 'hang' });
      const pending = rejection(raw(`${own.publicUrl}/health/alive`));
      await waitFor(() => own.requestLog.entries().length === 1);
      await own.close();
      expect(errorCode(await pending)).toBe('ECONNRESET');
      expect(own.requestLog.entries()[0]).not.toHaveProperty('clientClosed');
    });

    it('slowHeaders: the request takes effect at once while the answer is held back', async () => {
      emulator.faults.add({
        method: 'POST',
        path: '/admin/identities',
        kind: 'slowHeaders',
        ms: 400,
        times: 1,
      });
      const email = `slow-${Date.now()}@example.com`;
      const error = await rejection(
        fetch(`${emulator.adminUrl}/admin/identities`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ schema_id: 'default', traits: { email } }),
          signal: AbortSignal.timeout(150),
        }),
      );
      expect(error).toMatchObject({ name: 'TimeoutError' });
      const list = await fetch(`${emulator.adminUrl}/admin/identities?page_size=500`);
      const identities = (await list.json()) as { traits: { email: string } }[];
      expect(identities.filter((i) => i.traits.email === email)).toHaveLength(1);
      await waitFor(() => emulator.requestLog.entries()[0]?.clientClosed === true);
      expect(emulator.requestLog.entries()[0]).toMatchObject({
        method: 'POST',
        status: 0,
        clientClosed: true,
      });
    });

    it('slowHeaders: a patient client gets the real answer late', async () => {
      emulator.faults.add({ path: '/health/alive', kind: 'slowHeaders', ms: 200 });
      const res = await raw(`${emulator.publicUrl}/health/alive`);
      expect(res.headersAfterMs).toBeGreaterThanOrEqual(190);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
    });

    it('dribble: headers at once, then the real body a few bytes at a time', async () => {
      emulator.faults.add({ path: '/health/alive', kind: 'dribble', chunkBytes: 4, intervalMs: 30 });
      const res = await raw(`${emulator.publicUrl}/health/alive`);
      expect(res.headersAfterMs).toBeLessThan(100);
      expect(res.body).toBe('{"status":"ok"}\n');
      expect(res.complete).toBe(true);
      expect(res.chunks).toBeGreaterThanOrEqual(3);
      expect(res.totalMs).toBeGreaterThanOrEqual(3 * 30 - 10);
      expect(res.headers['content-length']).toBe(String('{"status":"ok"}\n'.length));
    });

    it('dribble: a fixed body; a client that gives up stops the dribble', async () => {
      const body = JSON.stringify({ padding: 'x'.repeat(200) });
      emulator.faults.add({ kind: 'dribble', body, chunkBytes: 1, intervalMs: 50 });
      const res = await fetch(whoami, { signal: AbortSignal.timeout(300) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await rejection(res.text())).toMatchObject({ name: 'TimeoutError' });
      await waitFor(() => emulator.requestLog.entries()[0]?.clientClosed === true);
      expect(emulator.requestLog.entries()[0]).toMatchObject({ status: 200, clientClosed: true });
    });

    it('truncated: Content-Length promises more than arrives, then the connection closes', async () => {
      emulator.faults.add({ path: '/sessions/whoami', kind: 'truncated' });
      const res = await raw(whoami);
      expect(res.status).toBe(401);
      expect(res.complete).toBe(false);
      expect(Number(res.headers['content-length'])).toBeGreaterThan(res.body.length);
      expect(res.body.length).toBeGreaterThan(0);
      expect(() => JSON.parse(res.body) as unknown).toThrow();
      expect(emulator.requestLog.entries()[0]).toMatchObject({ status: 401, fault: { kind: 'truncated' } });
      expect(emulator.requestLog.entries()[0]).not.toHaveProperty('clientClosed');

      const viaFetch = await fetch(whoami);
      expect(await rejection(viaFetch.text())).toMatchObject({ name: 'TypeError' });
    });

    it('truncated: a fixed body, cut after `bytes`, ending in a reset', async () => {
      emulator.faults.add({ kind: 'truncated', body: '{"identity":{"id":"x"}}', bytes: 5, abort: 'reset' });
      // An RST makes the kernel drop what the client has not read yet: depending on timing (and Node version)
      // the client sees the cut answer, or only the reset.
      const res = await raw(whoami).catch((error: unknown) => errorCode(error));
      if (res === 'ECONNRESET') return;
      expect(res).toMatchObject({ status: 200, complete: false });
      if (typeof res !== 'object') throw new Error(`unexpected ${String(res)}`);
      expect(res.headers['content-length']).toBe('23');
      expect(res.body.length).toBeLessThanOrEqual(5);
    });

    it('reset: the connection is reset before anything is sent', async () => {
      emulator.faults.add({ path: '/sessions/whoami', kind: 'reset' });
      expect(errorCode(await rejection(raw(whoami)))).toBe('ECONNRESET');
      expect(await rejection(fetch(whoami))).toMatchObject({ name: 'TypeError' });
      expect(emulator.requestLog.entries()).toEqual([
        expect.objectContaining({ status: 0, fault: expect.objectContaining({ kind: 'reset' }) }),
        expect.objectContaining({ status: 0, fault: expect.objectContaining({ kind: 'reset' }) }),
      ]);
    });

    it('malformed: 200 application/json that does not parse', async () => {
      emulator.faults.add({ kind: 'malformed' });
      const res = await fetch(whoami);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await rejection(res.json())).toMatchObject({ name: 'SyntaxError' });
    });

    it('wrongContentType: the real answer labelled text/plain', async () => {
      emulator.faults.add({ path: '/health/alive', kind: 'wrongContentType' });
      const res = await fetch(`${emulator.publicUrl}/health/alive`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('{"status":"ok"}\n');
    });

    it('oversized: 10 MiB of valid JSON by default', async () => {
      emulator.faults.add({ kind: 'oversized' });
      const res = await fetch(whoami);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(10 * 1024 * 1024));
      const text = await res.text();
      expect(text.length).toBe(10 * 1024 * 1024);
      expect(JSON.parse(text)).toEqual({ padding: expect.any(String) });
    });

    it('oversized: chunked, without Content-Length', async () => {
      emulator.faults.add({ kind: 'oversized', bytes: 200_000, chunked: true });
      const res = await raw(whoami);
      expect(res.headers['content-length']).toBeUndefined();
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.body.length).toBe(200_000);
    });

    it('closed: the listener refuses connections until the rule is removed', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        expect((await raw(`${emulator.publicUrl}/health/alive`, { agent })).status).toBe(200);
        const id = emulator.faults.add({ kind: 'closed', listener: 'public' });
        // Open connections are dropped too: a request racing onto the pooled one sees it reset,
        // like a client of a crashed server; new connections are refused.
        expect(errorCode(await rejection(raw(`${emulator.publicUrl}/health/alive`, { agent })))).toMatch(
          /^(ECONNRESET|ECONNREFUSED)$/,
        );
        expect(errorCode(await rejection(raw(`${emulator.publicUrl}/health/alive`)))).toBe('ECONNREFUSED');
        // fetch (undici) pooled a connection in earlier tests; by now it has seen that one close.
        expect(errorCode(await rejection(fetch(`${emulator.publicUrl}/health/alive`)))).toBe('ECONNREFUSED');
        expect((await fetch(`${emulator.adminUrl}/health/alive`)).status).toBe(200);
        expect(await emulator.faults.remove(id)).toBe(true);
        expect((await fetch(`${emulator.publicUrl}/health/alive`)).status).toBe(200);
      } finally {
        agent.destroy();
      }
    });

    it('closed: both listeners, reopened by clear()', async () => {
      emulator.faults.add({ kind: 'closed', listener: 'either' });
      emulator.faults.add({ kind: 'closed', listener: 'admin' });
      for (const url of [emulator.publicUrl, emulator.adminUrl]) {
        expect(errorCode(await rejection(raw(`${url}/health/alive`)))).toBe('ECONNREFUSED');
      }
      await emulator.faults.clear();
      for (const url of [emulator.publicUrl, emulator.adminUrl]) {
        expect((await raw(`${url}/health/alive`)).status).toBe(200);
      }
    });
  });

  it('closed: close() still shuts down an emulator whose listeners are closed', async () => {
    const own = await startEmulator();
    own.faults.add({ kind: 'closed', listener: 'either' });
    await own.close();
    expect(errorCode(await rejection(raw(`${own.publicUrl}/health/alive`)))).toBe('ECONNREFUSED');
  });

  describe('control API and connection counts', () => {
    it('adds, lists, shows and removes rules over HTTP, unlogged and unaffected by catch-all rules', async () => {
      const admin = request(emulator.adminUrl);
      const created = await admin
        .post('/emulator/faults')
        .send({ listener: 'admin', kind: 'status', status: 500, times: 3 });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^fault-\d+$/),
        rule: { listener: 'admin', path: '*', kind: 'status', status: 500, times: 3 },
        matched: 0,
        applied: 0,
        remaining: 3,
      });
      const id: string = created.body.id;

      expect((await admin.get('/health/alive')).status).toBe(500);
      const listed = await admin.get('/emulator/faults');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([expect.objectContaining({ id, matched: 1, applied: 1, remaining: 2 })]);
      expect((await admin.get(`/admin/emulator/faults/${id}`)).body).toMatchObject({ id, applied: 1 });

      expect((await admin.delete(`/emulator/faults/${id}`)).status).toBe(204);
      expect((await admin.delete(`/emulator/faults/${id}`)).status).toBe(404);
      expect((await admin.get(`/emulator/faults/${id}`)).status).toBe(404);
      expect((await admin.get('/health/alive')).status).toBe(200);
      expect(emulator.requestLog.entries().map((e) => e.path)).toEqual(['/health/alive', '/health/alive']);
      // The log over HTTP carries the fault marker too.
      const logged = await admin.get('/emulator/requests');
      expect(logged.body).toEqual([
        expect.objectContaining({ status: 500, fault: { id, kind: 'status' } }),
        expect.not.objectContaining({ fault: expect.anything() }),
      ]);
    });

    it('clears all rules over HTTP and reopens a closed public listener', async () => {
      const admin = request(emulator.adminUrl);
      await admin.post('/emulator/faults').send({ kind: 'closed', listener: 'public' }).expect(201);
      await admin.post('/emulator/faults').send({ kind: 'hang', path: '/health/ready' }).expect(201);
      expect(errorCode(await rejection(raw(`${emulator.publicUrl}/health/alive`)))).toBe('ECONNREFUSED');
      await admin.delete('/emulator/faults').expect(204);
      expect((await admin.get('/emulator/faults')).body).toEqual([]);
      expect((await fetch(`${emulator.publicUrl}/health/alive`)).status).toBe(200);
    });

    it('refuses invalid rules and closing the admin listener over HTTP with a herodot 400', async () => {
      const admin = request(emulator.adminUrl);
      const typo = await admin.post('/emulator/faults').send({ kind: 'status', status: 503, time: 1 });
      expect(typo.status).toBe(400);
      expect(typo.body.error).toMatchObject({ code: 400, reason: 'time is not a field of a "status" fault' });
      const notJson = await admin.post('/emulator/faults').set('Content-Type', 'application/json').send('{');
      expect(notJson.status).toBe(400);
      const closeAdmin = await admin.post('/emulator/faults').send({ kind: 'closed', listener: 'either' });
      expect(closeAdmin.status).toBe(400);
      expect(closeAdmin.body.error.reason).toContain('only close the public listener');
      expect(emulator.faults.list()).toEqual([]);
    });

    it('counts TCP connections per listener: keep-alive reuses one', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; i < 3; i++) await raw(`${emulator.publicUrl}/health/alive`, { agent });
        for (let i = 0; i < 2; i++) await raw(`${emulator.adminUrl}/health/alive`);
        expect(emulator.connections()).toEqual({ public: 1, admin: 2 });
      } finally {
        agent.destroy();
      }
      const counted = await request(emulator.adminUrl).get('/emulator/connections');
      // supertest's own request opened one more admin connection.
      expect(counted.body).toEqual({ public: 1, admin: 3 });
      await request(emulator.adminUrl).delete('/emulator/connections').expect(204);
      expect(emulator.connections()).toEqual({ public: 0, admin: 0 });
      emulator.requestLog.clear();
      expect(emulator.connections()).toEqual({ public: 0, admin: 0 });
    });
  });
});
