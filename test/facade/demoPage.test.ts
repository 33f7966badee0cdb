/**
 * The demo page (README "Demo app") as the facade serves it: at /demo in development, beside /graphql, and
 * nowhere in production or with DEMO=false. Its courier endpoint exists only when main.ts hands the embedded
 * emulator's admin URL to createServer, never with the Ory a test (or a deployment) configures.
 */
import request from 'supertest';
import { startFacade, useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

describe('the demo page', () => {
  it('is served at /demo in development, with its own strict CSP, beside GraphQL', async () => {
    const page = await request(env.facade.app).get('/demo/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('<script type="module" src="/demo/main.js"></script>');
    expect((await request(env.facade.app).get('/demo/config.json')).body).toEqual({
      graphqlUrl: '/graphql',
      courier: false,
    });
    expect((await request(env.facade.app).get('/demo/courier?recipient=a@example.test')).status).toBe(404);
    expect((await env.facade.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it.each([
    ['in production', { NODE_ENV: 'production', ROUTER_SECRET: 'router-secret-0123456789' }],
    ['with DEMO=false', { DEMO: 'false' }],
  ])('is not served %s', async (_case, extra) => {
    const facade = await startFacade(env.backend, extra);
    try {
      for (const path of ['/demo', '/demo/', '/demo/main.js', '/demo/config.json']) {
        expect({ path, status: (await request(facade.app).get(path)).status }).toEqual({ path, status: 404 });
      }
    } finally {
      await facade.stop();
    }
  });
});
