/**
 * Browser-facing protections (security requirements 12, 13): Apollo's CSRF prevention and CORS limited to the
 * configured origins, with no execution and no Ory call for refused requests.
 */
import request from 'supertest';
import { useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const APP = 'https://app.example.com';
const env = useFacade(() => startOryBackend(), { NODE_ENV: 'production', CORS_ORIGINS: APP });

beforeEach(() => {
  env.backend.resetCalls();
});

describe('CSRF prevention', () => {
  it('refuses a GET query without a preflight header, with the request id like every error', async () => {
    const res = await request(env.facade.app).get('/graphql').query({ query: '{ me { id } }' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions).toEqual({
      code: 'BAD_REQUEST',
      requestId: res.headers['x-request-id'],
    });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(env.backend.calls()).toEqual([]);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a POST with Content-Type %s',
    async (contentType) => {
      const res = await request(env.facade.app)
        .post('/graphql')
        .set('Content-Type', contentType)
        .send('{"query":"{ me { id } }"}');
      expect(res.status).toBe(400);
      expect(res.body?.data).toBeUndefined();
      expect(env.backend.calls()).toEqual([]);
    },
  );

  it('refuses a GET with Content-Type text/plain (415) and mutations over GET (405)', async () => {
    const plain = await request(env.facade.app)
      .get('/graphql')
      .set('Content-Type', 'text/plain')
      .set('Apollo-Require-Preflight', 'true')
      .query({ query: '{ __typename }' });
    expect(plain.status).toBe(415);
    const mutation = await request(env.facade.app)
      .get('/graphql')
      .set('Apollo-Require-Preflight', 'true')
      .query({ query: 'mutation { logout { loggedOut } }' });
    expect(mutation.status).toBe(405);
    expect(env.backend.calls()).toEqual([]);
  });

  it('serves GET queries that carry the preflight header', async () => {
    const res = await request(env.facade.app)
      .get('/graphql')
      .set('Apollo-Require-Preflight', 'true')
      .query({ query: '{ __typename }' });
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    request(env.facade.app)
      .options('/graphql')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');

  it('allows the configured origin, with credentials', async () => {
    const res = await preflight(APP);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it.each(['https://evil.test', 'null', 'https://app.example.com.evil.test', 'http://app.example.com'])(
    'gives %s no Access-Control-Allow-Origin',
    async (origin) => {
      const res = await preflight(origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    },
  );

  it('never answers with * or X-Powered-By', async () => {
    const res = await request(env.facade.app)
      .post('/graphql')
      .set('Origin', APP)
      .set('Content-Type', 'application/json')
      .send({ query: '{ __typename }' });
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('every response', () => {
  it.each([
    ['a query', () => request(env.facade.app).post('/graphql').send({ query: '{ __typename }' })],
    ['a CSRF refusal', () => request(env.facade.app).get('/graphql').query({ query: '{ __typename }' })],
    [
      'a malformed body',
      () => request(env.facade.app).post('/graphql').set('Content-Type', 'application/json').send('{'),
    ],
    ['an unknown path', () => request(env.facade.app).get('/nowhere')],
    ['a health probe', () => request(env.facade.app).get('/health/ready')],
  ])('carries X-Content-Type-Options: nosniff (%s)', async (_name, send) => {
    const res = await send();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('GraphQL answers', () => {
  it.each([
    ['a query', () => request(env.facade.app).post('/graphql').send({ query: '{ __typename }' })],
    ['a CSRF refusal', () => request(env.facade.app).get('/graphql').query({ query: '{ __typename }' })],
    ['a validation error', () => request(env.facade.app).post('/graphql').send({ query: '{ nope }' })],
  ])('are never cacheable: Cache-Control: no-store (%s)', async (_name, send) => {
    const res = await send();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });
});
