/**
 * `GET /admin/identities` filters and pagination beyond the basics in adminIdentities.test.ts, and
 * `include_credential` on reads (kratos-behavior.md §4.9, §8.3).
 */
import http from 'node:http';
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { createIdentity, type IdentityJson } from './adminHelpers';
import { uniqueEmail } from './helpers';

function ids(body: IdentityJson[]): string[] {
  return body.map((i) => i.id);
}

describe('emulator: admin identity list filters', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  function list(query: string): request.Test {
    return request(emulator.adminUrl).get(`/admin/identities?${query}`);
  }

  it('matches credentials_identifier exactly, lower-cased and trimmed for passwords', async () => {
    const email = uniqueEmail('Exact');
    const identity = await createIdentity(emulator, {
      traits: { email },
      credentials: { password: { config: { password: 'exact-password-1' } } },
    });
    const hit = await list(`credentials_identifier=${encodeURIComponent(`  ${email.toUpperCase()}  `)}`);
    expect(ids(hit.body)).toEqual([identity.id]);
    expect(hit.body[0].credentials.password).not.toHaveProperty('config');
    const prefixOnly = await list(`credentials_identifier=${encodeURIComponent(email.slice(0, 8))}`);
    expect(prefixOnly.body).toEqual([]);
  });

  it('matches OIDC identifiers exactly as stored', async () => {
    const identity = await createIdentity(emulator, {
      traits: { email: uniqueEmail('oidc-list') },
      credentials: { oidc: { config: { providers: [{ provider: 'GitHub', subject: 'Sub-42' }] } } },
    });
    expect(ids((await list('credentials_identifier=GitHub:Sub-42')).body)).toEqual([identity.id]);
    expect((await list('credentials_identifier=github:sub-42')).body).toEqual([]);
  });

  it('finds identifiers by prefix with preview_credentials_identifier_similar', async () => {
    const prefix = `similar-${Date.now().toString(36)}`;
    const a = await createIdentity(emulator, {
      traits: { email: `${prefix}-a@example.com` },
      credentials: { password: { config: { password: 'similar-password-1' } } },
    });
    const b = await createIdentity(emulator, {
      traits: { email: `${prefix}-b@example.com` },
      credentials: { password: { config: { password: 'similar-password-1' } } },
    });
    const res = await list(`preview_credentials_identifier_similar=${prefix.toUpperCase()}`);
    expect(ids(res.body)).toEqual([a.id, b.id].sort());
    expect(res.body[0]).toHaveProperty('credentials');
  });

  it('filters by organization_id', async () => {
    const organization = '5f0c1a63-6e4a-4a57-9b0e-3b1e1c2f7a11';
    const member = await createIdentity(emulator, {
      traits: { email: uniqueEmail('org') },
      organization_id: organization,
    });
    await createIdentity(emulator, { traits: { email: uniqueEmail('no-org') } });
    const res = await list(`organization_id=${organization}`);
    expect(ids(res.body)).toEqual([member.id]);
    expect(res.body[0].organization_id).toBe(organization);
    const invalid = await list('organization_id=nope');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.reason).toBe('Invalid UUID value `nope` for parameter `organization_id`.');
  });

  it.each([
    'credentials_identifier=a@example.com&preview_credentials_identifier_similar=a',
    'organization_id=5f0c1a63-6e4a-4a57-9b0e-3b1e1c2f7a11&credentials_identifier=a@example.com',
    'ids=5f0c1a63-6e4a-4a57-9b0e-3b1e1c2f7a11&organization_id=5f0c1a63-6e4a-4a57-9b0e-3b1e1c2f7a11',
  ])('refuses two filters at once: %s', async (query) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.headers['ory-error-id']).toBe('');
    expect(res.body).toEqual({
      error: {
        code: 400,
        status: 'Bad Request',
        reason: 'You cannot combine multiple filters in this API',
        message: 'The request was malformed or contained invalid parameters',
      },
    });
  });

  it('includes credentials with include_credential (repeatable), configs only for the named types', async () => {
    const identity = await createIdentity(emulator, {
      traits: { email: uniqueEmail('include') },
      credentials: {
        password: { config: { password: 'include-password-1' } },
        oidc: { config: { providers: [{ provider: 'github', subject: 'inc-1' }] } },
      },
    });
    const one = await list(`ids=${identity.id}&include_credential=oidc`);
    // Kratos decrypts the initial tokens into the declassified config ('' for imported accounts).
    expect(one.body[0].credentials.oidc.config).toEqual({
      providers: [
        {
          initial_id_token: '',
          initial_access_token: '',
          initial_refresh_token: '',
          subject: 'inc-1',
          provider: 'github',
        },
      ],
    });
    expect(one.body[0].credentials.password).not.toHaveProperty('config');
    const both = await list(`ids=${identity.id}&include_credential=oidc&include_credential=password`);
    expect(both.body[0].credentials.password.config).toEqual({ hashed_password: expect.any(String) });
    expect(JSON.stringify(both.body)).not.toContain('include-password');
    const bad = await list('include_credential=oidc&include_credential=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.error.reason).toBe('Invalid value `bogus` for parameter `include_credential`.');
  });

  it('reports a bad include_credential on GET with the accepted values (Kratos formatting slip)', async () => {
    const identity = await createIdentity(emulator, { traits: { email: uniqueEmail('slip') } });
    const res = await request(emulator.adminUrl).get(
      `/admin/identities/${identity.id}?include_credential=password&include_credential=bogus`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('Invalid value `[password]` for parameter `include_credential`.');
  });
});

describe('emulator: admin identity list pagination', () => {
  let emulator: Emulator;
  let sorted: string[];

  beforeAll(async () => {
    emulator = await startEmulator();
    sorted = [];
    for (let i = 0; i < 5; i++)
      sorted.push((await createIdentity(emulator, { traits: { email: uniqueEmail('page') } })).id);
    sorted.sort();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('walks all pages by following rel="next" with keyset pagination', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/admin/identities?page_size=2';
    while (next !== undefined) {
      const res: request.Response = await request(emulator.adminUrl).get(next);
      expect(res.status).toBe(200);
      expect(res.headers['x-total-count']).toBeUndefined();
      seen.push(...ids(res.body));
      next = /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '')?.[1];
    }
    expect(seen).toEqual(sorted);
  });

  it('treats per_page without page as page_size and drops it from the links', async () => {
    const res = await request(emulator.adminUrl).get('/admin/identities?per_page=2');
    expect(ids(res.body)).toEqual(sorted.slice(0, 2));
    expect(res.headers.link).toBe(
      '</admin/identities?page_size=2&page_token=00000000-0000-0000-0000-000000000000>; rel="first",' +
        `</admin/identities?page_size=2&page_token=${sorted[1]}>; rel="next"`,
    );
  });

  it('serves legacy page pagination with X-Total-Count; pages 0 and 1 are both the first page', async () => {
    const zero = await request(emulator.adminUrl).get('/admin/identities?page=0&per_page=2');
    const one = await request(emulator.adminUrl).get('/admin/identities?page=1&per_page=2');
    const two = await request(emulator.adminUrl).get('/admin/identities?page=2&per_page=2');
    const three = await request(emulator.adminUrl).get('/admin/identities?page=3&per_page=2');
    expect(ids(zero.body)).toEqual(sorted.slice(0, 2));
    expect(ids(one.body)).toEqual(sorted.slice(0, 2));
    expect(ids(two.body)).toEqual(sorted.slice(2, 4));
    expect(ids(three.body)).toEqual(sorted.slice(4));
    expect(zero.headers['x-total-count']).toBe('5');
    expect(zero.headers.link).toBe(
      '</admin/identities?page=1&per_page=2>; rel="next",</admin/identities?page=2&per_page=2>; rel="last"',
    );
  });

  it('refuses legacy pagination beyond 1000 items', async () => {
    const res = await request(emulator.adminUrl).get('/admin/identities?page=3&per_page=500');
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe(
      'Legacy pagination is not supported for enumerating over 1000 items. Please switch to using page_token and page_size.',
    );
  });
});

describe('emulator: admin identity list by many ids', () => {
  let emulator: Emulator;
  let all: string[];

  beforeAll(async () => {
    emulator = await startEmulator();
    const identities = Array.from({ length: 501 }, (_, i) => ({
      create: { schema_id: 'default', traits: { email: uniqueEmail(`many-${i}`) } },
    }));
    const res = await request(emulator.adminUrl).patch('/admin/identities').send({ identities });
    expect(res.status).toBe(200);
    all = res.body.identities.map((i: { identity: string }) => i.identity);
  });

  afterAll(async () => {
    await emulator.close();
  });

  /** Node's client refuses response headers over 16 KB; Kratos' Link for 500 ids is ~20 KB. */
  function get(path: string): Promise<{ status: number; link: string; body: unknown }> {
    return new Promise((resolve, reject) => {
      http
        .get(`${emulator.adminUrl}${path}`, { maxHeaderSize: 1 << 16 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            resolve({
              status: res.statusCode ?? 0,
              link: String(res.headers.link ?? ''),
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          });
        })
        .on('error', reject);
    });
  }

  it('accepts 500 ids (a ~20 KB request line) and echoes them all in the Link header', async () => {
    const query = all
      .slice(0, 500)
      .map((id) => `ids=${id}`)
      .join('&');
    const res = await get(`/admin/identities?${query}&page_size=500`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(500);
    expect(res.link).toMatch(/^<\/admin\/identities\?ids=[^>]+>; rel="first"$/);
    expect(res.link.length).toBeGreaterThan(20_000);
  });

  it('refuses 501 ids', async () => {
    const query = all.map((id) => `ids=${id}`).join('&');
    const res = await get(`/admin/identities?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { code: 400, reason: 'The number of ids to filter must not exceed 500.' },
    });
  });

  it('treats page_size 0 and below as the default 250', async () => {
    for (const size of ['0', '-1']) {
      const res = await request(emulator.adminUrl).get(`/admin/identities?page_size=${size}`);
      expect(res.body).toHaveLength(250);
      expect(res.headers.link).toContain('page_size=250&');
    }
  });
});
