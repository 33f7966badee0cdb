/**
 * The test OpenID provider as a process of its own: `oidc-provider` is ESM-only and jest runs the suite as
 * CommonJS, so oidcProvider.ts starts this file with `node --import tsx` and talks to it over HTTP only.
 *
 * Input: the JSON of `OidcProviderSetup` (oidcProvider.ts) in the OIDC_TEST_PROVIDER environment variable.
 * Output: one line `{"issuer":"http://127.0.0.1:<port>"}` on stdout once it listens.
 * It exits when its stdin closes, so it never outlives the process that started it (even one killed with -9).
 *
 * Besides the standard endpoints (discovery, /auth, /token, /me, /jwks) and the interaction pages
 * (oidcProviderInteractions.mts), it serves POST /test/id-token: an id_token for an account, signed with the
 * provider's own key, as a native SDK would hold it after signing in (for Kratos's `id_token` submission).
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import {
  Accounts,
  handleInteraction,
  page,
  type AccountChoice,
  type Claims,
} from './oidcProviderInteractions.mjs';

interface Setup {
  port: number;
  clients: Array<{ client_id: string; client_secret: string }>;
  /** Fixed accounts by name; each has a `sub`. */
  accounts: Record<string, Claims>;
}

interface SigningKey {
  privateKey: KeyObject;
  kid: string;
}

/** Kratos's redirect_uri is <public URL>/self-service/methods/oidc/callback[/<provider>] on a port chosen at run time. */
function isKratosCallback(redirectUri: string): boolean {
  if (!URL.canParse(redirectUri)) return false;
  const url = new URL(redirectUri);
  return (
    url.protocol === 'http:' &&
    ['127.0.0.1', 'localhost'].includes(url.hostname) &&
    /^\/self-service\/methods\/oidc\/callback(\/[^/]+)?$/.test(url.pathname)
  );
}

function createProvider(issuer: string, setup: Setup, accounts: Accounts, key: SigningKey): Provider {
  const jwk = { ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: setup.clients.map((client) => ({
      ...client,
      redirect_uris: ['http://127.0.0.1/self-service/methods/oidc/callback'], // see redirectUriAllowed below
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    findAccount(_context, sub) {
      const claims = accounts.bySubject(sub);
      return claims === undefined ? undefined : { accountId: sub, claims: () => claims };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    // Kratos's generic provider reads claims from the id_token by default, not from userinfo.
    conformIdTokenClaims: false,
    cookies: { keys: [randomUUID()] },
    jwks: { keys: [jwk] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_context, pending) => `/interaction/${pending.uid}` },
    // Refuse authorization requests without a PKCE challenge: proves Kratos discovered PKCE and used it.
    pkce: { required: () => true },
    renderError(context, out) {
      context.type = 'html';
      context.body = `<!doctype html><html><body><pre>${JSON.stringify(out).replace(/</g, '&lt;')}</pre></body></html>`;
    },
  });
  provider.Client.prototype.redirectUriAllowed = isKratosCallback;
  provider.on('server_error', (_context, error) => {
    process.stderr.write(`oidc-provider: ${error.stack ?? error.message}\n`);
  });
  return provider;
}

/** An RS256 id_token like the token endpoint's, verifiable with this provider's jwks_uri. */
function idToken(issuer: string, key: SigningKey, claims: Claims, audience: string, nonce?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: key.kid });
  const payload = encode({ ...claims, iss: issuer, aud: audience, iat: now, exp: now + 600, nonce });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** POST /test/id-token with `{ ...AccountChoice, audience, nonce? }` answers `{ id_token }`. */
async function handleIdToken(
  issuer: string,
  key: SigningKey,
  accounts: Accounts,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AccountChoice & {
    audience?: string;
    nonce?: string;
  };
  const claims = accounts.choose(request);
  res.setHeader('Content-Type', 'application/json');
  if (claims === undefined || request.audience === undefined) {
    res.writeHead(400).end(JSON.stringify({ error: 'name an account (or an email) and an audience' }));
    return;
  }
  res
    .writeHead(200)
    .end(JSON.stringify({ id_token: idToken(issuer, key, claims, request.audience, request.nonce) }));
}

async function main(): Promise<void> {
  const setup = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '') as Setup;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(setup.port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = {
    privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    kid: randomUUID(),
  };
  const accounts = new Accounts(setup.accounts);
  const provider = createProvider(issuer, setup, accounts, key);
  const standard = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const fail = (error: unknown): void => {
      page(res, 400, 'Error', error instanceof Error ? error.message.replace(/</g, '&lt;') : 'failed');
    };
    if (path.startsWith('/interaction/')) handleInteraction(provider, accounts, req, res).catch(fail);
    else if (path === '/test/id-token' && req.method === 'POST')
      handleIdToken(issuer, key, accounts, req, res).catch(fail);
    else standard(req, res);
  });

  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `oidc test provider: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
