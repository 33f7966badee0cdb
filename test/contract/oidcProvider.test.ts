/**
 * The test OpenID provider (test/harness/oidcProvider.ts) on its own, as an OpenID relying party sees it: the
 * authorization code flow with PKCE that Kratos runs, driven through the provider's HTML forms, then the token
 * endpoint and the id_token's signature. Needs no Kratos, so it runs in `npm test` too.
 */
import { createHash, createHmac, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import {
  KRATOS_CLIENT,
  OIDC_ACCOUNTS,
  fedcmTestIdToken,
  providerIdToken,
  startOidcProvider,
  subjectForEmail,
  type OidcProvider,
} from '../harness/oidcProvider';
import { signInAtProvider } from '../harness/oidcSignIn';

/** Where a Kratos on port 4433 would take the browser back; the provider accepts any loopback port. */
const REDIRECT_URI = 'http://127.0.0.1:4433/self-service/methods/oidc/callback/test';

let provider: OidcProvider;

beforeAll(async () => {
  provider = await startOidcProvider();
}, 30_000);

afterAll(async () => {
  await provider.stop();
});

/** An authorization request like Kratos's; returns its URL and the PKCE verifier. */
function authorization(options: { redirectUri?: string; pkce?: boolean } = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL('/auth', provider.issuer);
  url.search = new URLSearchParams({
    client_id: KRATOS_CLIENT.id,
    response_type: 'code',
    scope: 'email profile openid',
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    state: 'state-123',
    ...(options.pkce === false
      ? {}
      : {
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
        }),
  }).toString();
  return { url: url.toString(), verifier };
}

/** The token endpoint, authenticated like Kratos (client_secret_basic). */
async function redeem(code: string, verifier: string): Promise<{ status: number; idToken?: string }> {
  const res = await fetch(new URL('/token', provider.issuer), {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${KRATOS_CLIENT.id}:${KRATOS_CLIENT.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }),
  });
  const body = (await res.json()) as { id_token?: string };
  return { status: res.status, idToken: body.id_token };
}

/** The claims of an RS256 id_token, after checking its signature against the provider's JWKS. */
async function verifiedClaims(token: string): Promise<Record<string, unknown>> {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
  const jwks = (await (await fetch(new URL('/jwks', provider.issuer))).json()) as { keys: JsonWebKey[] };
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (jwk === undefined) throw new Error(`no key ${kid} in the JWKS`);
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
  expect(valid).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

it('publishes a discovery document with its issuer and S256 PKCE', async () => {
  const res = await fetch(new URL('/.well-known/openid-configuration', provider.issuer));
  const discovery = (await res.json()) as Record<string, unknown>;
  expect(discovery).toMatchObject({
    issuer: provider.issuer,
    authorization_endpoint: `${provider.issuer}/auth`,
    token_endpoint: `${provider.issuer}/token`,
    code_challenge_methods_supported: ['S256'],
  });
});

it('signs a fixed account in through its login and consent forms and issues its claims in the id_token', async () => {
  const { url, verifier } = authorization();
  const callback = new URL(await signInAtProvider(url, 'alice'));
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  expect(callback.searchParams.get('state')).toBe('state-123');
  expect(callback.searchParams.get('iss')).toBe(provider.issuer);
  const { status, idToken } = await redeem(callback.searchParams.get('code') ?? '', verifier);
  expect(status).toBe(200);
  expect(await verifiedClaims(idToken ?? '')).toMatchObject({
    ...OIDC_ACCOUNTS.alice,
    iss: provider.issuer,
    aud: KRATOS_CLIENT.id,
  });
});

it('signs in anyone by email, with a subject derived from the email', async () => {
  const { url, verifier } = authorization();
  const callback = new URL(await signInAtProvider(url, { email: 'Zoe@Example.test', name: 'Zoe de Vries' }));
  const { idToken } = await redeem(callback.searchParams.get('code') ?? '', verifier);
  expect(await verifiedClaims(idToken ?? '')).toMatchObject({
    sub: subjectForEmail('zoe@example.test'),
    email: 'Zoe@Example.test',
    email_verified: true,
    name: 'Zoe de Vries',
    given_name: 'Zoe',
    family_name: 'de Vries',
  });
});

it('signs in a subject without an email claim', async () => {
  const { url, verifier } = authorization();
  const callback = new URL(await signInAtProvider(url, { subject: 'no-mail-42', name: 'Nemo' }));
  const claims = await verifiedClaims(
    (await redeem(callback.searchParams.get('code') ?? '', verifier)).idToken ?? '',
  );
  expect(claims).toMatchObject({ sub: 'no-mail-42', name: 'Nemo' });
  expect(claims).not.toHaveProperty('email');
});

it('skips its login and consent pages for a browser it already knows', async () => {
  const jar = new CookieJar();
  await signInAtProvider(authorization().url, 'bob', jar);
  const res = await fetch(authorization().url, { headers: { Cookie: jar.header() }, redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(
    /^http:\/\/127\.0\.0\.1:4433\/self-service\/methods\/oidc\/callback\/test\?code=/,
  );
});

it('sends access_denied back when the user denies consent', async () => {
  const callback = new URL(
    await signInAtProvider(authorization().url, 'alice', new CookieJar(), { consent: 'deny' }),
  );
  expect(callback.searchParams.get('error')).toBe('access_denied');
  expect(callback.searchParams.get('state')).toBe('state-123');
});

it('refuses authorization requests without PKCE and redirect URIs other than a Kratos callback', async () => {
  const withoutPkce = await fetch(authorization({ pkce: false }).url, { redirect: 'manual' });
  expect(new URL(withoutPkce.headers.get('location') ?? '').searchParams.get('error')).toBe(
    'invalid_request',
  );
  const elsewhere = await fetch(authorization({ redirectUri: 'http://127.0.0.1:4433/elsewhere' }).url, {
    redirect: 'manual',
  });
  expect(elsewhere.status).toBe(400);
  expect(await elsewhere.text()).toContain('redirect_uri did not match any of the client');
});

it('issues id_tokens directly, signed with its published key', async () => {
  const token = await providerIdToken(provider.issuer, 'bob', { nonce: 'n-1' });
  expect(await verifiedClaims(token)).toMatchObject({
    ...OIDC_ACCOUNTS.bob,
    aud: KRATOS_CLIENT.id,
    nonce: 'n-1',
  });
});

it('signs fedcm-test id_tokens with HS256 and the key Kratos hard-codes', () => {
  const [header = '', payload = '', signature = ''] = fedcmTestIdToken('alice', 'n-2').split('.');
  expect(createHmac('sha256', 'xxxxxxx').update(`${header}.${payload}`).digest('base64url')).toBe(signature);
  expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
    ...OIDC_ACCOUNTS.alice,
    nonce: 'n-2',
  });
});
