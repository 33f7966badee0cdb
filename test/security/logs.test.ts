/**
 * Structured, redacted logs (security requirement 35): one JSON line per GraphQL request with its request id,
 * operation, duration, outcome and upstream calls; and, over success and failure paths, no password, code,
 * token, cookie, CSRF token or Ory secret in any log line.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/logger';
import { CookieJar } from '../harness/cookieJar';
import { useFacade } from '../harness/facade';
import { browserSignUp, newUser, SIGN_IN, loginFlowId, signUp } from '../harness/fixtures';
import { courierCode, startOryBackend } from '../harness/oryBackend';

const API_KEY = `ory_apikey_${randomUUID().replace(/-/g, '')}`;
const lines: string[] = [];
const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
const env = useFacade(() => startOryBackend({ adminApiKey: API_KEY }), { ORY_API_KEY: API_KEY }, logger);

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

it('logs one structured line per request, and never a secret', async () => {
  const secrets: string[] = [API_KEY];
  const user = newUser('Logan');
  secrets.push(user.password);
  const { token } = await signUp(env.facade, user);
  secrets.push(token);

  // A failed sign-in, a successful one, and a request id chosen by the client.
  await env.facade.gql(SIGN_IN, {
    flowId: await loginFlowId(env.facade),
    identifier: user.email,
    password: 'Wrong-Pass-123',
  });
  secrets.push('Wrong-Pass-123');
  lines.length = 0;
  const signIn = await env.facade.gql(
    SIGN_IN,
    { flowId: await loginFlowId(env.facade), identifier: user.email, password: user.password },
    { headers: { 'X-Request-Id': 'trace-me-1' } },
  );
  secrets.push(signIn.data?.updateLoginFlow.sessionToken);
  const line = parsed().find((entry) => entry.requestId === 'trace-me-1');
  expect(line).toMatchObject({ msg: 'graphql request', operationName: 'SignIn', outcome: 'ok' });
  expect(line?.durationMs).toEqual(expect.any(Number));
  expect(line?.upstream).toEqual({ calls: 1, statuses: [200] });
  expect(parsed().filter((entry) => entry.requestId === 'trace-me-1')).toHaveLength(1);

  // A browser: cookies and CSRF tokens.
  const jar = new CookieJar();
  await browserSignUp(env.facade, newUser('Cookie'), jar);
  for (const name of jar.names()) secrets.push(jar.get(name) ?? '');
  const flow = await env.facade.gql(
    'mutation { createSettingsFlow(input: { client: BROWSER }) { id csrfToken } }',
    {},
    { jar },
  );
  secrets.push(flow.data?.createSettingsFlow.csrfToken);
  await env.facade.gql(
    'mutation ($id: ID!, $csrf: String!) { updateSettingsFlow(input: { flowId: $id, csrfToken: $csrf, password: { password: "Settings-Pass-77" } }) { __typename } }',
    { id: flow.data?.createSettingsFlow.id, csrf: flow.data?.createSettingsFlow.csrfToken },
    { jar },
  );
  secrets.push('Settings-Pass-77');

  // A recovery code, right and wrong.
  const recovery = await env.facade.gql('mutation { createRecoveryFlow { id } }');
  const recoveryId = recovery.data?.createRecoveryFlow.id;
  const submit =
    'mutation ($id: ID!, $email: String, $code: String) { updateRecoveryFlow(input: { flowId: $id, code: { email: $email, code: $code } }) { __typename } }';
  await env.facade.gql(submit, { id: recoveryId, email: user.email });
  const code = await courierCode(env.backend, user.email);
  secrets.push(code);
  await env.facade.gql(submit, { id: recoveryId, code: code === '999999' ? '111111' : '999999' });
  await env.facade.gql(submit, { id: recoveryId, code });

  // Administration, and failures upstream (an unknown id, a refused caller, a malformed token).
  await env.facade.gql('{ identities(first: 5) { nodes { id metadataAdmin } } }', {}, { admin: true });
  await env.facade.gql(`mutation { deleteIdentity(id: "${randomUUID()}") }`, {}, { admin: true });
  await env.facade.gql('{ identities(first: 1) { nodes { id } } }', {}, { token });
  await env.facade.gql(
    '{ me { id } }',
    {},
    { headers: { Authorization: 'Bearer ory_st_not_a_real_token_123' } },
  );
  secrets.push('ory_st_not_a_real_token_123');

  // A session JWT (a credential too), and a template Ory does not know.
  const jwt = await env.facade.gql(
    '{ me { jwt: tokenized(template: "ory-graphql-test") unknown: tokenized(template: "no-such-template") } }',
    {},
    { token },
  );
  secrets.push(jwt.data?.me.jwt);

  expect(lines.length).toBeGreaterThan(5);
  const text = lines.join('\n');
  for (const secret of secrets) {
    expect(typeof secret).toBe('string');
    expect(secret.length).toBeGreaterThan(5);
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/ory_(st|session|pat|apikey|wak)_/);
  expect(text).not.toMatch(/csrf_token_[0-9a-f]{16}/);
});

it('answers a mistyped variable with BAD_USER_INPUT (400) and keeps its value out of logs and answers', async () => {
  const secret = `Hunter-${randomUUID()}`;
  lines.length = 0;
  const flowId = await loginFlowId(env.facade);
  const asObject = await env.facade.gql(
    'mutation ($p: String!, $id: ID!) { updateLoginFlow(input: { flowId: $id, password: { identifier: "a@example.test", password: $p } }) { __typename } }',
    { id: flowId, p: { secret } },
  );
  expect(asObject.status).toBe(400);
  expect(asObject.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(asObject.errors?.[0]?.message).toBe(
    'Variable "$p" got an invalid value. String cannot represent a non string value.',
  );
  const asString = await env.facade.gql(
    'mutation ($id: ID!, $traits: JSONObject!) { updateRegistrationFlow(input: { flowId: $id, password: { password: "x", traits: $traits } }) { __typename } }',
    { id: flowId, traits: secret },
  );
  expect(asString.status).toBe(400);
  expect(asString.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const asEnum = await env.facade.gql(
    'mutation ($c: FlowClient) { createLoginFlow(input: { client: $c }) { id } }',
    {
      c: secret,
    },
  );
  expect(asEnum.status).toBe(400);
  for (const res of [asObject, asString, asEnum]) expect(res.text).not.toContain(secret);
  expect(lines.join('\n')).not.toContain(secret);
  expect(parsed().filter((entry) => entry.level === 50)).toEqual([]);
});
