/**
 * `return_to` checks (`redir.SecureRedirectTo`): by default only the UI origin and the public
 * `/self-service` URLs; `allowedReturnUrls` (`selfservice.allowed_return_urls`) adds others by
 * scheme, host (`*.` allows subdomains) and path prefix, e.g. a native app's own scheme. The
 * same URLs get the same answers (200/400) from a Kratos v26.2.0 server with that list.
 */
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';

describe('emulator: allowed return URLs', () => {
  let plain: Emulator;
  let custom: Emulator;

  beforeAll(async () => {
    plain = await startEmulator({});
    custom = await startEmulator({
      allowedReturnUrls: ['https://*.example.com/app', 'myapp://callback', 'http://127.0.0.1:4455'],
    });
  });

  afterAll(async () => {
    await Promise.all([plain.close(), custom.close()]);
  });

  async function status(emulator: Emulator, returnTo: string): Promise<number> {
    const res = await request(emulator.publicUrl)
      .get('/self-service/login/api')
      .query({ return_to: returnTo });
    if (res.status === 400) expect(res.body.error.id).toBe('self_service_flow_return_to_forbidden');
    return res.status;
  }

  it('allows the UI and the public self-service URLs by default', async () => {
    expect(await status(plain, 'http://127.0.0.1:4455/dashboard')).toBe(200);
    expect(await status(plain, `${plain.publicUrl}/self-service/login/browser`)).toBe(200);
    expect(await status(plain, 'https://evil.example.com/')).toBe(400);
    expect(await status(plain, 'myapp://callback')).toBe(400);
  });

  it('matches allowed URLs by scheme, host wildcard and path prefix', async () => {
    expect(await status(custom, 'https://shop.example.com/app/orders')).toBe(200);
    expect(await status(custom, 'https://shop.EXAMPLE.com/app')).toBe(200);
    expect(await status(custom, 'https://shop.example.com/other')).toBe(400);
    expect(await status(custom, 'http://shop.example.com/app')).toBe(400);
    expect(await status(custom, 'myapp://callback')).toBe(200);
    expect(await status(custom, 'myapp://elsewhere')).toBe(400);
    expect(await status(custom, 'http://127.0.0.1:4455/')).toBe(200);
  });
});
