/**
 * Graceful shutdown (security requirement 33): readiness turns 503 at once; on SIGTERM the process stops
 * accepting connections, lets in-flight operations finish, and exits 0.
 */
import request from 'supertest';
import { useFacade } from '../harness/facade';
import { spawnFacade } from '../harness/facadeProcess';
import { startOryBackend } from '../harness/oryBackend';

describe('readiness during shutdown', () => {
  const env = useFacade(() => startOryBackend());

  it('turns /health/ready to 503 as soon as shutdown begins, while /health/live stays 200', async () => {
    expect((await request(env.facade.app).get('/health/ready')).status).toBe(200);
    env.facade.server.beginShutdown();
    const ready = await request(env.facade.app).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ draining: true });
    expect((await request(env.facade.app).get('/health/live')).status).toBe(200);
  });
});

it('drains in-flight operations on SIGTERM, refuses new connections, and exits 0', async () => {
  const { NODE_ENV: _n, ORY_SDK_URL: _o, ...parentEnv } = process.env;
  const facade = spawnFacade({
    ...parentEnv,
    PORT: '0',
    EMULATOR_PUBLIC_PORT: '0',
    EMULATOR_ADMIN_PORT: '0',
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '8000',
  });
  const { child } = facade;
  try {
    const banner = await facade.waitFor(
      /serving GraphQL at (http:\/\/localhost:\d+\/graphql)[\s\S]*admin (http:\/\/[\d.]+:\d+)/,
    );
    const urls = { graphql: banner[1] ?? '', admin: banner[2] ?? '' };
    // Ory answers slowly: every flow creation takes 1.5 s.
    const fault = await fetch(`${urls.admin}/emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'delay', ms: 1500, path: '/self-service/login/api' }),
    });
    expect(fault.ok).toBe(true);

    const post = () =>
      fetch(urls.graphql, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { createLoginFlow { id } }' }),
      }).then((res) => res.json() as Promise<{ data?: { createLoginFlow: { id: string } } }>);
    const inFlight = Array.from({ length: 10 }, post);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = facade.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));

    await expect(fetch(urls.graphql.replace('/graphql', '/health/live'))).rejects.toThrow();
    const answers = await Promise.all(inFlight);
    for (const answer of answers) expect(answer.data?.createLoginFlow.id).toEqual(expect.any(String));
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 30_000);
