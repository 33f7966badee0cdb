/**
 * Session JWTs (`/sessions/whoami?tokenize_as=`): the keys and algorithms a template may have, the subject
 * source, the development default with its published public key, and the options refused at start. What Kratos
 * does for the facade's own templates is compared with a real Kratos in test/facade/sessionJwt.test.ts.
 */
import {
  constants,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  timingSafeEqual,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import request from 'supertest';
import {
  DEVELOPMENT_TOKENIZER_TEMPLATE,
  EMULATOR_DEVELOPMENT_DEFAULTS,
  startEmulator,
  type Emulator,
} from '../../emulator';
import { login, register, uniqueEmail } from './helpers';

const SECOND = 1000;

function privateJwk(key: KeyObject, alg: string): JsonWebKey {
  return { ...key.export({ format: 'jwk' }), alg, kid: `test-${alg}` };
}

function parts(jwt: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header = '', claims = ''] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')),
  };
}

function signatureOf(jwt: string): { input: Buffer; signature: Buffer } {
  const [header = '', claims = '', signature = ''] = jwt.split('.');
  return { input: Buffer.from(`${header}.${claims}`), signature: Buffer.from(signature, 'base64url') };
}

async function tokenized(emulator: Emulator, token: string, template: string): Promise<request.Response> {
  return request(emulator.publicUrl)
    .get('/sessions/whoami')
    .query({ tokenize_as: template })
    .set('X-Session-Token', token);
}

describe('emulator: session JWTs', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const secret = randomBytes(32);
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      sessionTokenizerTemplates: {
        es384: { ttlMs: 90 * SECOND, jwks: { keys: [privateJwk(ec, 'ES384')] } },
        rs256: { ttlMs: 60 * SECOND, jwks: { keys: [privateJwk(rsa, 'RS256'), privateJwk(ec, 'ES384')] } },
        ps512: { ttlMs: 60 * SECOND, jwks: { keys: [privateJwk(rsa, 'PS512')] } },
        eddsa: { ttlMs: 60 * SECOND, jwks: { keys: [privateJwk(ed, 'EdDSA')] } },
        hs256: {
          ttlMs: 60 * SECOND,
          jwks: { keys: [{ kty: 'oct', k: secret.toString('base64url'), alg: 'HS256' }] },
        },
        'no-ttl': { jwks: { keys: [privateJwk(ec, 'ES384')] } },
        external: { ttlMs: 60 * SECOND, subjectSource: 'external_id' },
        mapped: {
          ttlMs: 60 * SECOND,
          claimsMapper: ({ session, claims }) => {
            session.active = false; // a mapper's copy: the answer must not change
            const iss = typeof claims.iss === 'string' ? claims.iss : '';
            return { iss: `${iss}extra`, session_id: session.id ?? null, sub: 'someone-else' };
          },
        },
      },
    });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it.each([
    ['es384', 'ES384', 'sha384', { key: createPublicKey(ec), dsaEncoding: 'ieee-p1363' as const }],
    ['rs256', 'RS256', 'sha256', { key: createPublicKey(rsa) }],
    ['eddsa', 'EdDSA', null, { key: createPublicKey(ed) }],
  ])('signs with the first key of the %s template', async (template, alg, hash, key) => {
    const session = await register(emulator, uniqueEmail('jwt'));
    const res = await tokenized(emulator, session.token, template);
    expect(res.status).toBe(200);
    const jwt: string = res.body.tokenized;
    const { input, signature } = signatureOf(jwt);
    expect(verify(hash, input, key, signature)).toBe(true);
    expect(parts(jwt).header).toEqual({ alg, kid: `test-${alg}`, typ: 'JWT' });
    expect(parts(jwt).claims.sub).toBe(session.identityId);
  });

  it('signs PS512 (RSA-PSS) and HS256 (a shared secret) too', async () => {
    const session = await register(emulator, uniqueEmail('jwt'));
    const pss = signatureOf((await tokenized(emulator, session.token, 'ps512')).body.tokenized);
    expect(
      verify(
        'sha512',
        pss.input,
        { key: createPublicKey(rsa), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 },
        pss.signature,
      ),
    ).toBe(true);
    const hmac = signatureOf((await tokenized(emulator, session.token, 'hs256')).body.tokenized);
    expect(timingSafeEqual(createHmac('sha256', secret).update(hmac.input).digest(), hmac.signature)).toBe(
      true,
    );
  });

  it('ends the token when it starts without a ttl, as Kratos does', async () => {
    const session = await register(emulator, uniqueEmail('jwt'));
    const { claims } = parts((await tokenized(emulator, session.token, 'no-ttl')).body.tokenized);
    expect(claims.exp).toBe(claims.iat);
  });

  it("takes the subject from the identity's external id when the template says so", async () => {
    const email = uniqueEmail('external');
    const without = await register(emulator, email);
    const refused = await tokenized(emulator, without.token, 'external');
    expect(refused.status).toBe(400);
    expect(refused.body.error.reason).toBe(
      "The session's identity does not have an external ID set, but it is required for the subject claim.",
    );
    const created = await request(emulator.adminUrl)
      .post('/admin/identities')
      .send({
        schema_id: 'default',
        external_id: 'crm-4711',
        traits: { email: uniqueEmail('external') },
        credentials: { password: { config: { password: 'Correct-Horse-Battery-42' } } },
      });
    expect(created.status).toBe(201);
    const signedIn = await login(emulator, created.body.traits.email, 'Correct-Horse-Battery-42');
    const { claims } = parts(
      (await tokenized(emulator, signedIn.body.session_token, 'external')).body.tokenized,
    );
    expect(claims.sub).toBe('crm-4711');
  });

  it('merges the claims mapper over the claims, keeps the subject, and leaves the answer alone', async () => {
    const session = await register(emulator, uniqueEmail('jwt'));
    const res = await tokenized(emulator, session.token, 'mapped');
    expect(res.body.active).toBe(true);
    expect(parts(res.body.tokenized).claims).toMatchObject({
      iss: `${emulator.publicUrl}/extra`,
      session_id: res.body.id,
      sid: res.body.id,
      sub: session.identityId,
    });
  });

  it('answers an empty tokenize_as without a token', async () => {
    const session = await register(emulator, uniqueEmail('jwt'));
    const res = await tokenized(emulator, session.token, '');
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('tokenized');
  });

  it('publishes the public keys of the asymmetric templates, each once', async () => {
    const res = await request(emulator.adminUrl).get('/emulator/tokenizer/jwks.json');
    expect(res.status).toBe(200);
    const keys = res.body.keys as Array<{ kid: string; d?: string }>;
    // The four keys given (es384's again in no-ttl, and second in rs256), and the two made for `external` and
    // `mapped`, which have none; no HMAC secret, no private member.
    expect(keys.map((key) => key.kid).filter((kid) => kid.startsWith('test-'))).toEqual([
      'test-ES384',
      'test-RS256',
      'test-PS512',
      'test-EdDSA',
    ]);
    expect(keys).toHaveLength(6);
    expect(keys.filter((key) => key.d !== undefined)).toEqual([]);
  });

  it.each([
    ['a key without alg', { jwks: { keys: [{ ...ec.export({ format: 'jwk' }) }] } }, /valid "alg" parameter/],
    ['an empty key set', { jwks: { keys: [] } }, /suitable key/],
    ['an alg that does not fit the key', { jwks: { keys: [privateJwk(ec, 'RS256')] } }, /valid "alg"/],
    ['an ECDSA key on the wrong curve', { jwks: { keys: [privateJwk(ec, 'ES256')] } }, /another curve/],
  ])('refuses %s at start', async (_label, template, message) => {
    await expect(startEmulator({ sessionTokenizerTemplates: { broken: template } })).rejects.toThrow(message);
  });
});

describe('emulator: the development session JWT template', () => {
  it('signs with a key made at start, whose public half the admin port publishes', async () => {
    const emulator = await startEmulator({ ...EMULATOR_DEVELOPMENT_DEFAULTS });
    try {
      const email = uniqueEmail('dev');
      const session = await register(emulator, email);
      const res = await tokenized(emulator, session.token, DEVELOPMENT_TOKENIZER_TEMPLATE);
      const jwt: string = res.body.tokenized;
      const { keys } = (await request(emulator.adminUrl).get('/emulator/tokenizer/jwks.json')).body;
      const jwk = keys.find((key: { kid: string }) => key.kid === parts(jwt).header.kid);
      const { input, signature } = signatureOf(jwt);
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      expect(verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
      const { claims } = parts(jwt);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    } finally {
      await emulator.close();
    }
  });
});
