/**
 * graphql-cop parity (security requirement 37): the probes graphql-cop sends, replayed against the production
 * configuration; each asserts graphql-cop's non-finding.
 */
import request from 'supertest';
import { useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend(), { NODE_ENV: 'production' });
const post = (body: unknown) =>
  request(env.facade.app).post('/graphql').set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('graphql-cop probes find nothing', () => {
  it('field suggestions', async () => {
    const res = await post({ query: 'query cop { __schema { directive } }' });
    expect(res.body.errors?.[0]?.message ?? '').not.toContain('Did you mean');
  });

  it('introspection', async () => {
    const res = await post({ query: 'query cop { __schema { types { name fields { name } } } }' });
    expect(res.body.data?.__schema?.types).toBeFalsy();
  });

  it('GraphQL IDE', async () => {
    const res = await request(env.facade.app).get('/graphql').set('Accept', 'text/html');
    expect(res.text).not.toMatch(/graphiql\.min\.css|GraphQL Playground|GraphiQL|graphql-playground/);
  });

  it('GET query support (CSRF)', async () => {
    const res = await request(env.facade.app).get('/graphql').query({ query: 'query cop {__typename}' });
    expect(res.body?.data?.__typename).toBeUndefined();
  });

  it('mutation over GET (CSRF)', async () => {
    const res = await request(env.facade.app).get('/graphql').query({ query: 'mutation cop {__typename}' });
    expect(res.body?.data?.__typename).toBeUndefined();
  });

  it('POST url-encoded (CSRF)', async () => {
    const res = await request(env.facade.app)
      .post('/graphql')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('query=query cop { __typename }');
    expect(res.body?.data?.__typename).toBeUndefined();
  });

  it('alias overloading', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename`).join(' ');
    const res = await post({ query: `query cop { ${aliases} }` });
    expect(res.body.data?.alias100).toBeUndefined();
  });

  it('array batching', async () => {
    const res = await post(Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' })));
    expect(Array.isArray(res.body)).toBe(false);
  });

  it('directive overloading', async () => {
    const res = await post({ query: 'query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }' });
    expect(res.body.errors).not.toHaveLength(10);
  });

  it('circular introspection', async () => {
    const res = await post({
      query:
        'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }',
    });
    expect(res.body.data?.__schema?.types?.length ?? 0).toBeLessThanOrEqual(25);
  });

  it('trace mode', async () => {
    const res = await post({ query: 'query cop { __typename }' });
    expect(res.body.extensions?.tracing).toBeUndefined();
  });

  it('unhandled errors', async () => {
    const res = await post({ query: 'qwerty cop { abc }' });
    expect(res.body.errors?.[0]?.extensions?.exception).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|node_modules/);
  });

  it('field duplication', async () => {
    const res = await post({ query: `query cop { ${'__typename '.repeat(500)} }` });
    expect(res.body.data).toBeUndefined();
  });
});
