/**
 * The benchmark's data, made through Ory's own HTTP APIs (so the same code seeds the emulator or a real Kratos):
 * users signed up with a password (each with a session), a browser session cookie, and identities created in
 * bulk. Also the emulator's request log (upstream call counts) and fault rules (a slow upstream).
 */
import type { Json } from './json';

export interface Seed {
  /** A signed-in user's session token and its browser twin's cookie header. */
  token: string;
  cookie: string;
  login: { email: string; password: string };
  /** Identities with a password and a session. */
  users: string[];
  /** Every identity id (users first). */
  identities: string[];
}

async function json(response: Response): Promise<Json> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${text.slice(0, 300)}`);
  return text === '' ? null : JSON.parse(text);
}

const PASSWORD = 'Bench-Horse-Battery-42';

async function signUp(publicUrl: string, email: string): Promise<{ token: string; id: string }> {
  const flow = await json(
    await fetch(`${publicUrl}/self-service/registration/api`, { headers: { accept: 'application/json' } }),
  );
  const done = await json(
    await fetch(`${publicUrl}/self-service/registration?flow=${flow.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        method: 'password',
        password: PASSWORD,
        traits: { email, name: { first: 'Bench', last: 'User' } },
      }),
    }),
  );
  return { token: done.session_token, id: done.identity.id };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(';')[0]!);
}

/** A browser sign-in: Ory's CSRF cookie and token, then the session cookie. */
async function browserSignIn(publicUrl: string, email: string): Promise<string> {
  const created = await fetch(`${publicUrl}/self-service/login/browser`, {
    headers: { accept: 'application/json' },
  });
  const csrfCookies = cookiesOf(created);
  const flow = await json(created);
  const csrf = (flow.ui.nodes as Json[]).find((node) => node.attributes?.name === 'csrf_token')?.attributes
    .value;
  const submitted = await fetch(`${publicUrl}/self-service/login?flow=${flow.id}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      cookie: csrfCookies.join('; '),
    },
    body: JSON.stringify({ method: 'password', identifier: email, password: PASSWORD, csrf_token: csrf }),
  });
  await json(submitted);
  const session = cookiesOf(submitted).find((cookie) => cookie.startsWith('ory_kratos_session='));
  if (session === undefined) throw new Error('no session cookie after a browser sign-in');
  return session;
}

async function createIdentities(adminUrl: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const body = await json(
      await fetch(`${adminUrl}/admin/identities`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          identities: Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
            create: { schema_id: 'default', traits: { email: `bulk-${start + i}@bench.test` } },
          })),
        }),
      }),
    );
    for (const result of body.identities) ids.push(result.identity);
  }
  return ids;
}

export async function seed(publicUrl: string, adminUrl: string, users: number, bulk: number): Promise<Seed> {
  const signedUp: { token: string; id: string }[] = [];
  for (let i = 0; i < users; i += 1) signedUp.push(await signUp(publicUrl, `user-${i}@bench.test`));
  const email = 'user-0@bench.test';
  const cookie = await browserSignIn(publicUrl, email);
  const bulkIds = await createIdentities(adminUrl, bulk);
  return {
    token: signedUp[0]!.token,
    cookie,
    login: { email, password: PASSWORD },
    users: signedUp.map((user) => user.id),
    identities: [...signedUp.map((user) => user.id), ...bulkIds],
  };
}

export interface UpstreamCall {
  listener: string;
  method: string;
  path: string;
}

/** The upstream calls `send` causes, from the emulator's request log. */
export async function upstreamCalls(adminUrl: string, send: () => Promise<void>): Promise<UpstreamCall[]> {
  await fetch(`${adminUrl}/emulator/requests`, { method: 'DELETE' });
  await send();
  return (await json(await fetch(`${adminUrl}/emulator/requests`))) as UpstreamCall[];
}

/** Makes every `path` answer `ms` later (the emulator's delay fault); returns the rule's id. */
export async function delayUpstream(adminUrl: string, path: string, ms: number): Promise<string> {
  const rule = await json(
    await fetch(`${adminUrl}/emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path, kind: 'delay', ms }),
    }),
  );
  return rule.id;
}

export async function clearFaults(adminUrl: string): Promise<void> {
  await fetch(`${adminUrl}/emulator/faults`, { method: 'DELETE' });
}
