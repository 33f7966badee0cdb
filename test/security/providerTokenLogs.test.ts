/**
 * The provider tokens Ory keeps for a social sign-in connection (initial access, refresh and ID tokens: keys to
 * the user's account at the provider) never reach the facade's logs, at the most verbose level, whether an
 * administrator without the provider-tokens scope is refused them or one with it reads them. Against the emulator
 * and real Kratos with a real OpenID provider (the `oidc` profile).
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/logger';
import { CookieJar } from '../harness/cookieJar';
import { errorCode, useFacade } from '../harness/facade';
import { OIDC_PROVIDER_ID } from '../harness/oidcProvider';
import { startOryBackend } from '../harness/oryBackend';
import { followCallback, signInAtAnyProvider } from '../harness/socialSignIn';

const TOKENS_ADMIN = `provider-tokens-admin-${randomUUID()}`;
const lines: string[] = [];
const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
const env = useFacade(
  () => startOryBackend({ profile: 'oidc' }),
  { PROVIDER_TOKENS_ADMIN_TOKENS: TOKENS_ADMIN, LOG_LEVEL: 'trace' },
  logger,
);

const TOKENS = `query ProviderTokens($id: ID!) { identity(id: $id, includeCredentials: [OIDC]) {
  credentials { type connections { provider initialAccessToken initialRefreshToken initialIdToken } }
} }`;

interface Connection {
  provider: string;
  initialAccessToken: string | null;
  initialRefreshToken: string | null;
  initialIdToken: string | null;
}

/** A browser signs up with the provider; returns the new identity's id. */
async function socialSignUp(): Promise<string> {
  const jar = new CookieJar();
  const created = await env.facade.gql(
    'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
    {},
    { jar },
  );
  const { id, csrfToken } = created.data!.createLoginFlow;
  const submitted = await env.facade.gql(
    `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) {
      __typename ... on FlowRedirect { redirectBrowserTo } } }`,
    { input: { flowId: id, csrfToken, oidc: { provider: OIDC_PROVIDER_ID } } },
    { jar },
  );
  expect(submitted.data?.updateLoginFlow.__typename).toBe('FlowRedirect');
  const email = `tokens-${randomUUID().slice(0, 8)}@example.test`;
  const callback = await signInAtAnyProvider(submitted.data?.updateLoginFlow.redirectBrowserTo, { email });
  expect((await followCallback(callback, jar)).status).toBe(303);
  const me = await env.facade.gql('{ me { identity { id } } }', {}, { jar });
  expect(me.errors).toBeUndefined();
  return me.data?.me.identity.id;
}

it('keeps the provider tokens out of every log line, refused or read by an authorised administrator', async () => {
  const id = await socialSignUp();
  lines.length = 0;

  const refused = await env.facade.gql(TOKENS, { id }, { admin: true });
  expect(errorCode(refused)).toBe('FORBIDDEN');
  const read = await env.facade.gql(TOKENS, { id }, { headers: { Authorization: `Bearer ${TOKENS_ADMIN}` } });
  expect(read.errors).toBeUndefined();
  const oidc = (read.data?.identity.credentials as Array<{ type: string; connections: Connection[] }>).find(
    (credential) => credential.type === 'OIDC',
  );
  const [connection] = oidc?.connections ?? [];
  expect(connection?.provider).toBe(OIDC_PROVIDER_ID);
  // Whatever Ory stored (an access token at least) was read, and is what must not be logged.
  const tokens = [connection?.initialAccessToken, connection?.initialRefreshToken, connection?.initialIdToken]
    .filter((token): token is string => typeof token === 'string')
    .filter((token) => token.length > 0);
  expect(tokens).toContain(connection?.initialAccessToken);

  // The requests were logged (both of them, at trace level with the upstream calls), their tokens were not.
  const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged.filter((entry) => entry.operationName === 'ProviderTokens')).toHaveLength(2);
  const text = lines.join('\n');
  for (const token of tokens) {
    expect(token.length).toBeGreaterThan(8);
    expect(text).not.toContain(token);
  }
});
