import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';

describe('emulator: health, version, schemas and routing', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('exposes base URLs without a trailing slash', () => {
    expect(emulator.publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.adminUrl).not.toBe(emulator.publicUrl);
  });

  it.each(['/health/alive', '/health/ready'])('answers %s on both listeners', async (path) => {
    for (const base of [emulator.publicUrl, emulator.adminUrl]) {
      const res = await request(base).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.text).toBe('{"status":"ok"}\n');
    }
  });

  it('serves /version on the admin listener only', async () => {
    const admin = await request(emulator.adminUrl).get('/version');
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({ version: 'v26.2.0' });
    const prefixed = await request(emulator.adminUrl).get('/admin/version');
    expect(prefixed.body).toEqual({ version: 'v26.2.0' });
    const pub = await request(emulator.publicUrl).get('/version');
    expect(pub.status).toBe(404);
  });

  it('answers unknown paths with Go mux 404 text', async () => {
    const res = await request(emulator.publicUrl).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('404 page not found\n');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await request(emulator.publicUrl).put('/self-service/login/api');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.text).toBe('Method Not Allowed\n');
  });

  it('sets the no-cache header on every GET, including 404s', async () => {
    for (const path of ['/health/alive', '/self-service/login/api', '/does-not-exist']) {
      const res = await request(emulator.publicUrl).get(path);
      expect(res.headers['cache-control']).toBe(NO_CACHE);
    }
    const post = await request(emulator.publicUrl).post('/self-service/login').send({});
    expect(post.headers['cache-control']).toBeUndefined();
  });

  it('lists the identity schemas with pagination headers', async () => {
    const res = await request(emulator.publicUrl).get('/schemas');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].id).toBe('default');
    expect(res.body[0].schema.properties.traits.required).toEqual(['email']);
    expect(res.headers['x-total-count']).toBe('1');
    expect(res.headers.link).toBe(
      `</schemas?page=0&page_size=1&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0&per_page=1>; rel="first"`,
    );
  });

  it('serves a schema by id and by its unpadded base64url id', async () => {
    const plain = await request(emulator.publicUrl).get('/schemas/default');
    const encoded = await request(emulator.publicUrl).get('/schemas/ZGVmYXVsdA');
    expect(plain.status).toBe(200);
    expect(plain.body.$id).toBe('https://example.test/schemas/email-password.json');
    expect(encoded.body).toEqual(plain.body);
  });

  it('answers an unknown schema with a 404 envelope', async () => {
    const res = await request(emulator.publicUrl).get('/schemas/unknown');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['ory-error-id']).toBe('');
    expect(res.body).toEqual({
      error: {
        code: 404,
        status: 'Not Found',
        reason: 'Identity schema `unknown` could not be found.',
        message: 'The requested resource could not be found',
      },
    });
  });

  it('redirects admin routes called on the public port with 307', async () => {
    const res = await request(emulator.publicUrl).get('/admin/identities?page_size=1');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.adminUrl}/admin/identities?page_size=1`);
  });

  it('redirects self-service routes called on the admin port with 307', async () => {
    const res = await request(emulator.adminUrl).get('/self-service/login/api');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.publicUrl}/self-service/login/api`);
  });

  it('echoes X-Request-ID into the error envelope', async () => {
    const res = await request(emulator.publicUrl).get('/sessions/whoami').set('X-Request-ID', 'req-123');
    expect(res.status).toBe(401);
    expect(res.body.error.request).toBe('req-123');
  });
});
