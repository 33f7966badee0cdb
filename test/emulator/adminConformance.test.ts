/**
 * Admin API conformance with Kratos v26.2.0 artefacts (test/contract/kratos/README.md): response
 * shapes against the OpenAPI component schemas, and identities against Kratos' own handler and
 * marshaling snapshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { startEmulator, type Emulator } from '../../emulator';
import { createIdentity, userWithSessions } from './adminHelpers';
import { uniqueEmail } from './helpers';

const KRATOS_DIR = join(__dirname, '..', 'contract', 'kratos');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(KRATOS_DIR, file), 'utf8'));
}

/** OpenAPI 3.0's type-less `nullable: true` means "anything or null"; ajv wants a type, so drop it. */
function withoutUntypedNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUntypedNullable);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'nullable' && !('type' in value)) continue;
    out[key] = withoutUntypedNullable(child);
  }
  return out;
}

/** snapshotx `ExceptNestedKeys`: drops the keys at any depth. */
function exceptNestedKeys(value: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => exceptNestedKeys(v, keys));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!keys.includes(key)) out[key] = exceptNestedKeys(child, keys);
  }
  return out;
}

describe('emulator admin conformance: OpenAPI component schemas', () => {
  let emulator: Emulator;
  let ajv: Ajv;

  beforeAll(async () => {
    emulator = await startEmulator({ adminApiKey: 'conformance-key' });
    const openapi = readJson('kratos-openapi-v26.2.0.json');
    if (typeof openapi !== 'object' || openapi === null || !('components' in openapi))
      throw new Error('no components');
    ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
    addFormats(ajv);
    ajv.addFormat('uuid4', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addSchema({ $id: 'kratos-openapi', components: withoutUntypedNullable(openapi.components) });
  });

  afterAll(async () => {
    await emulator.close();
  });

  function admin(method: 'get' | 'put' | 'patch' | 'delete', path: string): request.Test {
    return request(emulator.adminUrl)[method](path).set('Authorization', 'Bearer conformance-key');
  }

  function expectValid(component: string, body: unknown): void {
    const validate = ajv.getSchema(`kratos-openapi#/components/schemas/${component}`);
    if (!validate) throw new Error(`unknown component ${component}`);
    const valid = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  }

  it('identities from PUT, PATCH, by-external and filtered lists are `identity`', async () => {
    const email = uniqueEmail('openapi-admin');
    const created = await request(emulator.adminUrl)
      .post('/admin/identities')
      .set('Authorization', 'Bearer conformance-key')
      .send({
        traits: { email },
        external_id: `ext-${email}`,
        credentials: {
          password: { config: { password: 'openapi-password-1' } },
          oidc: { config: { providers: [{ provider: 'github', subject: email }] } },
        },
      });
    const id: string = created.body.id;
    const put = await admin('put', `/admin/identities/${id}`).send({
      traits: { email },
      external_id: `ext-${email}`,
      metadata_admin: { a: 1 },
    });
    expectValid('identity', put.body);
    const patch = await admin('patch', `/admin/identities/${id}`).send([
      { op: 'replace', path: '/verifiable_addresses/0/verified', value: true },
    ]);
    expectValid('identity', patch.body);
    expectValid('identity', (await admin('get', `/admin/identities/by/external/ext-${email}`)).body);
    const listed = await admin(
      'get',
      `/admin/identities?ids=${id}&include_credential=oidc&include_credential=password`,
    );
    for (const identity of listed.body) expectValid('identity', identity);
  });

  it('the batch response is `batchPatchIdentitiesResponse`', async () => {
    const res = await admin('patch', '/admin/identities').send({
      identities: [
        {
          create: { traits: { email: uniqueEmail('openapi-batch') } },
          patch_id: '9f425a8d-7efc-4768-8f23-7647a74fdf21',
        },
        { create: { traits: { email: 1 } } },
      ],
    });
    expect(res.status).toBe(200);
    expectValid('batchPatchIdentitiesResponse', res.body);
  });

  it('admin sessions are `session`; unexpanded `identity`/`devices` are null (spec/code difference)', async () => {
    const { sessions } = await userWithSessions(emulator, 1);
    const [session] = sessions;
    const id = session?.sessionId ?? '';
    expectValid('session', (await admin('get', `/admin/sessions/${id}?expand=identity&expand=devices`)).body);
    expectValid('session', (await admin('patch', `/admin/sessions/${id}/extend`)).body);
    const identitySessions = await admin('get', `/admin/identities/${session?.identityId ?? ''}/sessions`);
    for (const s of identitySessions.body) expectValid('session', s);
    const expanded = await admin('get', '/admin/sessions?expand=identity&expand=devices');
    for (const s of expanded.body) expectValid('session', s);
    // Kratos serializes what it did not load as null although the spec types both as objects/arrays.
    const plain = await admin('get', '/admin/sessions');
    for (const { identity, devices, ...rest } of plain.body) {
      expect(identity).toBeNull();
      expect(devices).toBeNull();
      expectValid('session', rest);
    }
  });

  it('admin errors are `errorGeneric`', async () => {
    expectValid('errorGeneric', (await admin('patch', '/admin/identities/x').send([])).body);
    expectValid('errorGeneric', (await request(emulator.adminUrl).get('/admin/identities')).body);
    expectValid('errorGeneric', (await admin('get', '/admin/sessions/not-a-uuid')).body);
    const identity = (await admin('get', '/admin/identities?page_size=1')).body[0];
    expectValid(
      'errorGeneric',
      (
        await admin('patch', `/admin/identities/${identity.id}`).send([
          { op: 'move', from: '/a', path: '/b' },
        ])
      ).body,
    );
  });
});

describe('emulator admin conformance: Kratos identity snapshots', () => {
  let emulator: Emulator;

  /** `identity/stub/handler/multiple_emails.schema.json` of the Kratos handler tests. */
  const MULTIPLE_EMAILS_SCHEMA = {
    $id: 'https://example.com/customer.schema.json',
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Person',
    type: 'object',
    properties: {
      traits: {
        type: 'object',
        properties: {
          emails: {
            type: 'array',
            items: {
              type: 'string',
              'ory.sh/kratos': {
                credentials: { password: { identifier: true } },
                verification: { via: 'email' },
                recovery: { via: 'email' },
              },
            },
          },
          username: { type: 'string', 'ory.sh/kratos': { recovery: { via: 'email' } } },
        },
      },
    },
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      identitySchemas: [
        { id: 'default', schema: MULTIPLE_EMAILS_SCHEMA },
        { id: 'multiple_emails', schema: MULTIPLE_EMAILS_SCHEMA },
      ],
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  /**
   * `validCreateIdentityBody(prefix, i)` of identity/handler_test.go: four addresses (verified on
   * even j, statuses pending/sent/completed), metadata, a clear-text password and (v26) an
   * external id on even i.
   */
  function validCreateIdentityBody(prefix: string, i: number): Record<string, unknown> {
    const emails = [0, 1, 2, 3].map((j) => `${prefix}-${i}-${j}@ory.sh`);
    const statuses = ['pending', 'sent', 'completed'];
    return {
      schema_id: 'multiple_emails',
      traits: { emails, username: emails[0] },
      credentials: { password: { config: { password: `password-${i}` } } },
      verifiable_addresses: emails.map((value, j) => ({
        value,
        via: 'email',
        verified: j % 2 === 0,
        status: statuses[j % statuses.length],
      })),
      recovery_addresses: emails.map((value) => ({ value, via: 'email' })),
      metadata_public: { [`public-${i}`]: 'public' },
      metadata_admin: { [`admin-${i}`]: 'admin' },
      state: 'active',
      ...(i % 2 === 0 ? { external_id: `external-id-${prefix}-${i}` } : {}),
    };
  }

  it('batch-created identities match TestHandler/suite=PATCH_identities/case=success', async () => {
    const prefixes = ['Batch-Import', 'batch-import', 'batch-import', 'batch-import'];
    const res = await request(emulator.adminUrl)
      .patch('/admin/identities')
      .send({ identities: prefixes.map((prefix, i) => ({ create: validCreateIdentityBody(prefix, i) })) });
    expect(res.status).toBe(200);
    for (const [i, prefix] of prefixes.entries()) {
      const id: string = res.body.identities[i].identity;
      const read = await request(emulator.adminUrl).get(`/admin/identities/${id}`);
      const expected = readJson(
        `identity__TestHandler-suite=PATCH_identities-case=success-assert=identity_${i}.json`,
      );
      const volatile = [
        'id',
        'schema_url',
        'created_at',
        'updated_at',
        'state_changed_at',
        'verifiable_addresses',
        'recovery_addresses',
        'identifiers',
      ];
      expect(exceptNestedKeys(read.body, volatile)).toEqual(expected);
      // The checks the Kratos test makes on the excluded keys.
      const emails = [0, 1, 2, 3].map((j) => `${prefix}-${i}-${j}@ory.sh`.toLowerCase());
      expect([...read.body.credentials.password.identifiers].sort()).toEqual([...emails].sort());
      expect(read.body.recovery_addresses.map((a: { value: string }) => a.value).sort()).toEqual(
        [...emails].sort(),
      );
      const addresses: { verified: boolean; status: string }[] = read.body.verifiable_addresses;
      expect(addresses.filter((a) => a.verified)).toHaveLength(2);
      expect(addresses.map((a) => a.status).sort()).toEqual(['completed', 'pending', 'pending', 'sent']);
    }
  });

  it('credentials have the shape of the create_and_update GET snapshots, with config only when included', async () => {
    const identity = await createIdentity(emulator, {
      traits: { emails: [uniqueEmail('snap')] },
      credentials: {
        password: { config: { password: 'snapshot-password-1' } },
        oidc: { config: { providers: [{ provider: 'bar', subject: 'baz' }] } },
      },
    });
    const base =
      'identity__TestHandler-suite=create_and_update-case=should_get_identity_with_credentials-case=';
    const cases: [string, string][] = [
      ['', 'should_get_identity_without_credentials_included.json'],
      ['?include_credential=password', 'should_get_identity_with_password_credentials_included.json'],
    ];
    for (const [query, file] of cases) {
      const read = await request(emulator.adminUrl).get(`/admin/identities/${identity.id}${query}`);
      const expected = readJson(`${base}${file}`) as { credentials: Record<string, Record<string, unknown>> };
      for (const type of ['oidc', 'password']) {
        const actual = exceptNestedKeys(read.body.credentials[type], ['created_at', 'updated_at']) as object;
        expect(Object.keys(actual)).toEqual(Object.keys(expected.credentials[type] ?? {}));
      }
      const topLevel = Object.keys(expected).filter((key) => key !== 'traits');
      expect(Object.keys(read.body)).toEqual(expect.arrayContaining(topLevel));
      expect(read.body.metadata_admin).toBeNull();
      expect(read.body.organization_id).toBeNull();
    }
  });

  it('a credential serializes in the key order of TestWithDeclassifiedCredentials', async () => {
    const identity = await createIdentity(emulator, {
      traits: { emails: [uniqueEmail('declassified')] },
      credentials: { password: { config: { password: 'declassified-password-1' } } },
    });
    const plain = await request(emulator.adminUrl).get(`/admin/identities/${identity.id}`);
    const included = await request(emulator.adminUrl).get(
      `/admin/identities/${identity.id}?include_credential=password`,
    );
    const none = readJson(
      'identity__TestWithDeclassifiedCredentials-case=no-include-credential=password.json',
    ) as object;
    const multi = readJson(
      'identity__TestWithDeclassifiedCredentials-case=include-multi-credential=password.json',
    ) as object;
    expect(Object.keys(plain.body.credentials.password)).toEqual(Object.keys(none));
    expect(Object.keys(included.body.credentials.password)).toEqual(Object.keys(multi));
    // Like Kratos, the declassified credential shows the hash (the emulator's is scrypt, Kratos's bcrypt).
    expect(included.body.credentials.password.config).toEqual({
      hashed_password: expect.stringMatching(/^\$scrypt\$/),
    });
  });
});
