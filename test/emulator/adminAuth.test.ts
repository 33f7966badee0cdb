/**
 * The optional `adminApiKey` (Ory Network style admin authentication): off by default, and when
 * configured every admin API route requires `Authorization: Bearer <key>`.
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { uniqueEmail } from './helpers';

const KEY = 'ory_pat_emulator_test_key';

describe('emulator: admin API key', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ adminApiKey: KEY });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong key', `Bearer ${KEY}x`],
    ['another scheme', `Basic ${KEY}`],
    ['a malformed header', `Bearer ${KEY} extra`],
  ])('refuses admin routes with %s', async (_label, authorization) => {
    for (const path of [
      '/admin/identities',
      '/identities',
      '/admin/sessions',
      `/admin/identities/${KEY}/sessions`,
    ]) {
      const req = request(emulator.adminUrl).get(path);
      if (authorization !== undefined) req.set('Authorization', authorization);
      const res = await req;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['ory-error-id']).toBe('');
      expect(res.body).toEqual({
        error: {
          code: 401,
          status: 'Unauthorized',
          reason: 'The request could not be authorized because the Ory API key is missing or invalid.',
          message: 'The request could not be authorized',
        },
      });
    }
  });

  it('accepts the key as a Bearer token (scheme case-insensitive) on every admin method', async () => {
    const created = await request(emulator.adminUrl)
      .post('/admin/identities')
      .set('Authorization', `Bearer ${KEY}`)
      .send({ traits: { email: uniqueEmail('key') } });
    expect(created.status).toBe(201);
    const read = await request(emulator.adminUrl)
      .get(`/identities/${created.body.id}`)
      .set('Authorization', `bearer ${KEY}`);
    expect(read.status).toBe(200);
    const patched = await request(emulator.adminUrl)
      .patch(`/admin/identities/${created.body.id}`)
      .send([{ op: 'add', path: '/metadata_public', value: { a: 1 } }]);
    expect(patched.status).toBe(401);
    const deleted = await request(emulator.adminUrl)
      .delete(`/admin/identities/${created.body.id}`)
      .set('Authorization', `Bearer ${KEY}`);
    expect(deleted.status).toBe(204);
  });

  it('leaves health, version, emulator endpoints and the public API open', async () => {
    expect((await request(emulator.adminUrl).get('/health/alive')).status).toBe(200);
    expect((await request(emulator.adminUrl).get('/version')).status).toBe(200);
    expect((await request(emulator.adminUrl).get('/emulator/requests')).status).toBe(200);
    expect((await request(emulator.publicUrl).get('/self-service/registration/api')).status).toBe(200);
    expect((await request(emulator.adminUrl).get('/admin/sessions/whoami')).status).toBe(307);
    expect((await request(emulator.adminUrl).delete('/admin/sessions')).status).toBe(307);
  });

  it('records which requests carried the key, fingerprinted', async () => {
    await request(emulator.adminUrl).delete('/emulator/requests');
    await request(emulator.adminUrl).get('/admin/identities').set('Authorization', `Bearer ${KEY}`);
    await request(emulator.publicUrl).get('/health/alive');
    const entries = emulator.requestLog.entries();
    const admin = entries.find((e) => e.listener === 'admin');
    const pub = entries.find((e) => e.listener === 'public');
    expect(admin?.headers.authorization).toBeDefined();
    expect(JSON.stringify(admin)).not.toContain(KEY);
    expect(pub?.headers.authorization).toBeUndefined();
  });
});

describe('emulator: admin API without a key', () => {
  it('is open by default, like a self-hosted Kratos admin port', async () => {
    const emulator = await startEmulator();
    try {
      const res = await request(emulator.adminUrl)
        .get('/admin/sessions')
        .set('Authorization', 'Bearer anything');
      expect(res.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});
