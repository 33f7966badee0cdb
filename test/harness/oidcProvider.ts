/**
 * A real OpenID provider for tests (panva's `oidc-provider`), for Kratos's social sign-in. It runs as a child
 * process (oidcProviderServer.mts: the package is ESM-only, jest runs CommonJS) on 127.0.0.1; this module starts
 * and stops it, and names its client and accounts. `npm run test:kratos` starts one before the Kratos instances
 * whose configuration refers to it and passes its issuer to jest in ORY_TEST_OIDC_ISSUER; tests drive it with
 * oidcSignIn.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Where `npm run test:kratos` puts the issuer of the provider it started. */
export const OIDC_ISSUER_ENV = 'ORY_TEST_OIDC_ISSUER';

/** Written in Kratos configuration files where the issuer goes; run.ts replaces it with the real issuer. */
export const OIDC_ISSUER_PLACEHOLDER = 'http://oidc-issuer.invalid';

/** The client Kratos signs in with (test/kratos/oidc.yml, provider `test`). */
export const KRATOS_CLIENT = { id: 'kratos', secret: 'kratos-test-secret' } as const;

/** The id of the generic provider in oidc.yml: Kratos's callback is /self-service/methods/oidc/callback/test. */
export const OIDC_PROVIDER_ID = 'test';

/**
 * The provider in oidc.yml that accepts id_token submissions (Kratos type `fedcm-test`, see `fedcmTestIdToken`).
 */
export const OIDC_ID_TOKEN_PROVIDER_ID = 'test-id-token';

/** Claims the provider releases: OpenID standard names. */
export interface OidcClaims {
  readonly sub: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly given_name?: string;
  readonly family_name?: string;
}

/** Same rule as the provider's (oidcProviderInteractions.mts): the subject of someone who typed `email` in. */
export function subjectForEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/** The fixed accounts: a button each on the provider's login page. */
export const OIDC_ACCOUNTS = {
  alice: {
    sub: subjectForEmail('alice@oidc.example.test'),
    email: 'alice@oidc.example.test',
    email_verified: true,
    name: 'Alice Liddell',
    given_name: 'Alice',
    family_name: 'Liddell',
  },
  bob: {
    sub: subjectForEmail('bob@oidc.example.test'),
    email: 'bob@oidc.example.test',
    email_verified: true,
    name: 'Bob Builder',
    given_name: 'Bob',
    family_name: 'Builder',
  },
  /** The provider does not vouch for this address (email_verified false). */
  unverified: {
    sub: subjectForEmail('carol@oidc.example.test'),
    email: 'carol@oidc.example.test',
    email_verified: false,
    name: 'Carol Unverified',
    given_name: 'Carol',
    family_name: 'Unverified',
  },
  /** No email claim: Kratos cannot fill the required `email` trait and asks for it (registration form). */
  noEmail: { sub: 'no-email-0001', name: 'Nemo Nobody', given_name: 'Nemo', family_name: 'Nobody' },
} as const satisfies Record<string, OidcClaims>;

export type OidcAccountName = keyof typeof OIDC_ACCOUNTS;

/**
 * Who signs in at the provider: a fixed account, or anyone typed in: by email (subject `subjectForEmail(email)`
 * unless `subject` is given), or by subject alone (no email claim: Kratos must ask for the email).
 */
export type OidcAccountChoice =
  | OidcAccountName
  | { email: string; subject?: string; name?: string; emailVerified?: boolean }
  | { subject: string; name?: string };

/** The claims the provider will release for `choice` (the same rule as the provider's `Accounts.choose`). */
export function claimsOf(choice: OidcAccountChoice): OidcClaims {
  if (typeof choice === 'string') return OIDC_ACCOUNTS[choice];
  const email = 'email' in choice ? choice.email.trim() : undefined;
  const [first, ...rest] = choice.name?.trim().split(/\s+/) ?? [];
  return {
    sub: choice.subject ?? subjectForEmail(email ?? ''),
    ...(email === undefined
      ? {}
      : { email, email_verified: !('emailVerified' in choice) || choice.emailVerified !== false }),
    ...(first === undefined || first === '' ? {} : { name: choice.name?.trim(), given_name: first }),
    ...(rest.length > 0 ? { family_name: rest.join(' ') } : {}),
  };
}

/** What the provider process reads from OIDC_TEST_PROVIDER (oidcProviderServer.mts). */
interface OidcProviderSetup {
  port: number;
  clients: Array<{ client_id: string; client_secret: string }>;
  accounts: Record<string, OidcClaims>;
}

export interface OidcProviderOptions {
  /** The port to listen on (default: a free one). */
  port?: number;
  /** A file for the provider's stderr (default: ignored). */
  logFile?: string;
}

export interface OidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer and base of every endpoint (discovery at /.well-known/openid-configuration). */
  issuer: string;
  process: ChildProcess;
  /** Stops the provider and waits for it to exit. */
  stop(): Promise<void>;
}

const SERVER = path.join(__dirname, 'oidcProviderServer.mts');
const TSX_LOADER = path.resolve(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs');
const START_TIMEOUT_MS = 20_000;

function spawnProvider(setup: OidcProviderSetup, logFile: string | undefined): ChildProcess {
  const stderr = logFile === undefined ? 'ignore' : openSync(logFile, 'a');
  // stdin stays an open pipe: the provider exits when it closes, i.e. when this process dies however it dies.
  const child = spawn(process.execPath, ['--import', TSX_LOADER, SERVER], {
    env: { ...process.env, OIDC_TEST_PROVIDER: JSON.stringify(setup) },
    stdio: ['pipe', 'pipe', stderr],
  });
  if (typeof stderr === 'number') closeSync(stderr); // the child has its own copy
  return child;
}

/** The issuer the provider prints once it listens; rejects (and kills it) if it exits or takes over 20 s. */
function issuerOf(child: ChildProcess, logFile: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const log =
        logFile === undefined ? '' : `\n${readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`;
      reject(new Error(`the test OpenID provider did not start: ${reason}${log}`));
    };
    const timer = setTimeout(() => {
      fail('timed out');
    }, START_TIMEOUT_MS);
    const early = (code: number | null, signal: NodeJS.Signals | null): void => {
      fail(`exited (${code ?? signal ?? 'unknown'})`);
    };
    child.once('exit', early);
    if (child.stdout === null) throw new Error('the provider has no stdout pipe');
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', early);
      resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
  });
}

/** Starts the provider (with the Kratos client and OIDC_ACCOUNTS) and resolves once it listens. */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<OidcProvider> {
  const child = spawnProvider(
    {
      port: options.port ?? 0,
      clients: [{ client_id: KRATOS_CLIENT.id, client_secret: KRATOS_CLIENT.secret }],
      accounts: OIDC_ACCOUNTS,
    },
    options.logFile,
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const issuer = await issuerOf(child, options.logFile);
  return {
    issuer,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The issuer `npm run test:kratos` started, or undefined when the suite runs without one. */
export function testOidcIssuer(): string | undefined {
  return process.env[OIDC_ISSUER_ENV];
}

/**
 * An id_token for `choice`, signed by the provider with its own RS256 key (verifiable at its jwks_uri) and
 * addressed to `audience`: what a native app holds after a provider SDK signed the user in. Kratos v26.2.0's
 * generic provider refuses id_token submissions (only apple, google, netid and fedcm-test verify them).
 */
export async function providerIdToken(
  issuer: string,
  choice: OidcAccountChoice,
  options: { audience?: string; nonce?: string } = {},
): Promise<string> {
  const body = {
    ...(typeof choice === 'string' ? { account: choice } : choice),
    audience: options.audience ?? KRATOS_CLIENT.id,
    nonce: options.nonce,
  };
  const res = await fetch(new URL('/test/id-token', issuer), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { id_token?: string; error?: string };
  if (answer.id_token === undefined) throw new Error(`no id_token: ${answer.error ?? res.status}`);
  return answer.id_token;
}

/**
 * An id_token that Kratos's `fedcm-test` provider type accepts (oidc.yml: provider `test-id-token`): Kratos
 * verifies it with HS256 and the fixed key `xxxxxxx` (selfservice/strategy/oidc/provider_test_fedcm.go), skips
 * exp/aud checks, overwrites `iss`, and requires a `nonce` equal to the submitted `id_token_nonce`.
 */
export function fedcmTestIdToken(choice: OidcAccountChoice, nonce: string): string {
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    ...claimsOf(choice),
    iss: 'https://example.com/fedcm',
    iat: now,
    exp: now + 600,
    nonce,
  });
  const signature = createHmac('sha256', 'xxxxxxx').update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
