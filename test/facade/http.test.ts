/**
 * The HTTP edge: JSON errors instead of HTML pages, no stack traces, request ids, and Ory being down.
 */
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { startFacade, useFacade, errorCode, type Facade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { startDeadUpstream, type DeadUpstream } from '../harness/deadUpstream';
import { startOryBackend } from '../harness/oryBackend';
import { listen } from '../harness/listen';

const env = useFacade(() => startOryBackend());

/** Posts a gzip-compressed JSON body over real HTTP (supertest would serialise a Buffer as JSON). */
async function postGzip(body: Buffer): Promise<Response> {
  const server = await listen(env.facade.app);
  try {
    return await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body,
    }).then(async (res) => new Response(await res.arrayBuffer(), { status: res.status }));
  } finally {
    await server.close();
  }
}

describe('HTTP edge', () => {
  it('answers unknown paths with a JSON 404', async () => {
    const res = await request(env.facade.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers an oversized body with a JSON 413 and no stack trace', async () => {
    const res = await request(env.facade.app)
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.text).not.toMatch(/at |node_modules|<html/i);
  });

  it('answers malformed JSON with a JSON 400 and no stack trace', async () => {
    const res = await request(env.facade.app)
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.text).not.toMatch(/at |node_modules|<html/i);
  });

  it('reads a gzip-compressed body, and answers an encoding it does not know with a JSON 415', async () => {
    const zipped = await postGzip(gzipSync(JSON.stringify({ query: '{ __typename }' })));
    expect(await zipped.json()).toEqual({ data: { __typename: 'Query' } });
    const unknown = await request(env.facade.app)
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'zstd-ish')
      .send('{}');
    expect(unknown.status).toBe(415);
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('counts the limit on the decompressed body: a small gzip bomb gets a JSON 413', async () => {
    const bomb = gzipSync(JSON.stringify({ query: '{ __typename }', padding: ' '.repeat(5_000_000) }));
    expect(bomb.length).toBeLessThan(10_000);
    const res = await postGzip(bomb);
    expect(res.status).toBe(413);
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('BAD_REQUEST');
  });

  it('sends no X-Powered-By and echoes a well-formed X-Request-Id', async () => {
    const res = await request(env.facade.app)
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('X-Request-Id', 'trace-123')
      .send({ query: '{ __typename }' });
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('trace-123');
  });

  it('puts the request id in every error', async () => {
    const res = await env.facade.gql(
      '{ loginFlow(id: "bad") { id } }',
      {},
      { headers: { 'X-Request-Id': 'req-42' } },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId: 'req-42' });
  });

  it('blocks GET operations without a preflight header (Apollo CSRF prevention)', async () => {
    const res = await request(env.facade.app).get('/graphql').query({ query: '{ __typename }' });
    expect(res.status).toBe(400);
  });

  it('answers the health probes', async () => {
    expect((await request(env.facade.app).get('/health/live')).body).toEqual({ status: 'ok' });
    expect((await request(env.facade.app).get('/health/ready')).status).toBe(200);
  });
});

describe('Ory unavailable', () => {
  let down: Facade;
  let dead: DeadUpstream;

  beforeAll(async () => {
    dead = await startDeadUpstream();
    down = await startFacade({ publicUrl: dead.url, adminUrl: dead.url, apiKey: null });
  });

  afterAll(async () => {
    await down.stop();
    await dead.close();
  });

  it('answers UPSTREAM_UNAVAILABLE without leaking the upstream address, and keeps serving', async () => {
    const res = await down.gql('mutation { createLoginFlow { id } }');
    expect(res.status).toBe(200);
    expect(errorCode(res)).toBe('UPSTREAM_UNAVAILABLE');
    const text = JSON.stringify(res.errors);
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toMatch(/ECONNREFUSED|ECONNRESET|stack/);

    const me = await down.gql('{ me { id } }', {}, { token: 'ory_st_abc' });
    expect(errorCode(me)).toBe('UPSTREAM_UNAVAILABLE');
    const alive = await down.gql('{ __typename }');
    expect(alive.data).toEqual({ __typename: 'Query' });
  });

  it('still signs users in on the healthy env.facade meanwhile', async () => {
    const { token } = await signUp(env.facade, newUser('Gus'));
    expect(token).toMatch(/^ory_st_/);
  });
});
