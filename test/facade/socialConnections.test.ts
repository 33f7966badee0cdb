/**
 * Social sign-in connections on identities (issue 11, administration): an administrator reading `credentials`
 * sees each provider and subject of an `oidc` credential; the provider tokens Ory keeps are shown only to
 * callers holding one of the PROVIDER_TOKENS_ADMIN_TOKENS, and refused to every other administrator.
 */
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, errorCode, useFacade } from '../harness/facade';
import { newUser } from '../harness/fixtures';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';

const TOKENS_ADMIN = `provider-tokens-admin-${randomUUID()}`;
const env = useFacade(() => startOryBackend(), { PROVIDER_TOKENS_ADMIN_TOKENS: TOKENS_ADMIN });

/** An identity imported with a social sign-in credential, through Ory's admin API. */
async function importWithProvider(backend: OryBackend, subject: string): Promise<string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (backend.apiKey !== null) headers.Authorization = `Bearer ${backend.apiKey}`;
  const response = await fetch(new URL('/admin/identities', backend.adminUrl), {
    method: 'POST',
    headers,
    body: JSON.stringify({
      schema_id: 'default',
      traits: { email: newUser('Social').email },
      credentials: { oidc: { config: { providers: [{ provider: 'github', subject }] } } },
    }),
  });
  const body = (await response.json()) as { id?: string };
  if (body.id === undefined) throw new Error(`import failed: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

const READ = `query ($id: ID!) {
  identity(id: $id, includeCredentials: [OIDC]) {
    credentials { type identifiers connections { provider subject } }
  }
}`;
const TOKENS = `query ($id: ID!) {
  identity(id: $id, includeCredentials: [OIDC]) { credentials { connections { provider initialAccessToken } } }
}`;

it('shows each provider and subject of a social sign-in credential to administrators', async () => {
  const subject = `gh-${randomUUID()}`;
  const id = await importWithProvider(env.backend, subject);
  for (const query of [READ, READ.replace(', includeCredentials: [OIDC]', '')]) {
    const res = await env.facade.gql(query, { id }, { admin: true });
    expect(res.errors).toBeUndefined();
    expect(res.data?.identity.credentials).toContainEqual({
      type: 'OIDC',
      identifiers: [`github:${subject}`],
      connections: [{ provider: 'github', subject }],
    });
  }
});

it('refuses the provider tokens to administrators without the provider-tokens scope, keeping the rest', async () => {
  const id = await importWithProvider(env.backend, `gh-${randomUUID()}`);
  const res = await env.facade.gql(TOKENS, { id }, { admin: true });
  expect(errorCode(res)).toBe('FORBIDDEN');
  expect(res.errors?.[0]?.path).toEqual([
    'identity',
    'credentials',
    expect.any(Number),
    'connections',
    0,
    'initialAccessToken',
  ]);
  expect(JSON.stringify(res.data)).toContain('github');
});

it('gives the provider tokens (what Ory stored: none for an imported identity) to a provider-tokens admin', async () => {
  const id = await importWithProvider(env.backend, `gh-${randomUUID()}`);
  const res = await env.facade.gql(TOKENS, { id }, { headers: { Authorization: `Bearer ${TOKENS_ADMIN}` } });
  expect(res.errors).toBeUndefined();
  expect(res.data?.identity.credentials).toContainEqual({
    connections: [{ provider: 'github', initialAccessToken: null }],
  });
  // The provider-tokens token is an administrator token too; the ordinary one is not a provider-tokens one.
  expect(ADMIN_TOKEN).not.toBe(TOKENS_ADMIN);
});
