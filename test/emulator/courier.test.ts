import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { register, uniqueEmail } from './helpers';

describe('emulator: courier messages (admin)', () => {
  let emulator: Emulator;
  let email: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    email = uniqueEmail('courier');
    await register(emulator, email); // one verification_code_valid
    for (let i = 0; i < 11; i++) {
      const flow = await request(emulator.publicUrl).get('/self-service/recovery/api');
      await request(emulator.publicUrl)
        .post(`/self-service/recovery?flow=${String(flow.body.id)}`)
        .send({ method: 'code', email });
    }
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('lists 10 messages by default, newest first, with Link and no X-Total-Count', async () => {
    const res = await request(emulator.adminUrl).get('/admin/courier/messages');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    expect(res.headers['x-total-count']).toBeUndefined();
    expect(res.body[0]).toEqual({
      id: expect.any(String),
      status: 'queued',
      type: 'email',
      recipient: email,
      body: expect.stringMatching(
        /^Recover access to your account by entering the following code:\n\n\d{6}\n\nIf this was not you, do nothing\. This code expires in 15 minutes\.\n$/,
      ),
      subject: expect.stringMatching(/^Use code \d{6} to recover access to your account$/),
      template_type: 'recovery_code_valid',
      channel: 'email',
      send_count: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const link = String(res.headers.link);
    expect(link).toMatch(
      /^<\/admin\/courier\/messages\?page_size=10&page_token=[^>]+>; rel="first",<[^>]+>; rel="next"$/,
    );

    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    const second = await request(emulator.adminUrl).get(next);
    expect(second.body).toHaveLength(2);
    expect(second.body[1].template_type).toBe('verification_code_valid');
    expect(String(second.headers.link)).not.toContain('rel="next"');
    const ids = new Set([...res.body, ...second.body].map((m: { id: string }) => m.id));
    expect(ids.size).toBe(12);
  });

  it('filters by status and exact recipient; refuses an unknown status', async () => {
    const queued = await request(emulator.adminUrl)
      .get('/admin/courier/messages')
      .query({ status: 'queued', page_size: 500 });
    expect(queued.body).toHaveLength(12);
    expect((await request(emulator.adminUrl).get('/admin/courier/messages?status=sent')).body).toEqual([]);
    const partial = await request(emulator.adminUrl)
      .get('/admin/courier/messages')
      .query({ recipient: email.slice(1) });
    expect(partial.body).toEqual([]);
    const bad = await request(emulator.adminUrl).get('/admin/courier/messages?status=delivered');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 400, reason: 'Message status is not valid' });
  });

  it('caps page_size at 500; 0 and negative sizes mean the default 10', async () => {
    const res = await request(emulator.adminUrl).get('/admin/courier/messages?page_size=5000');
    expect(String(res.headers.link)).toContain('page_size=500');
    for (const size of ['0', '-1']) {
      const other = await request(emulator.adminUrl).get(`/admin/courier/messages?page_size=${size}`);
      expect(other.body).toHaveLength(10);
      expect(String(other.headers.link)).toContain('page_size=10&');
    }
  });

  it('gets one message by id; 404 for unknown, 400 for malformed ids', async () => {
    const list = await request(emulator.adminUrl).get('/admin/courier/messages?page_size=1');
    const one = await request(emulator.adminUrl).get(`/admin/courier/messages/${String(list.body[0].id)}`);
    expect(one.body).toEqual(list.body[0]);
    const unknown = await request(emulator.adminUrl).get(
      '/admin/courier/messages/00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe(
      '{"error":{"code":404,"status":"Not Found","message":"Unable to locate the resource"}}\n',
    );
    const malformed = await request(emulator.adminUrl).get('/admin/courier/messages/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: {
        code: 400,
        status: 'Bad Request',
        message: 'uuid: incorrect UUID length 10 in string "not-a-uuid"',
      },
    });
  });

  it('redirects the admin path on the public port with 307', async () => {
    const res = await request(emulator.publicUrl).get('/admin/courier/messages?page_size=1');
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(`${emulator.adminUrl}/admin/courier/messages?page_size=1`);
  });
});
