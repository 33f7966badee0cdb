/**
 * `Session.tokenized`: the caller's session as a JWT signed by Ory (whoami with `tokenize_as`), verified with the
 * public half of the test templates' key set (test/kratos/session-jwt.jwks.json, kratos.yml's templates); one
 * Ory call per template; refused on every session but the caller's current one, without asking Ory.
 */
import { createPublicKey, verify } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { useFacade, type GqlResponse } from '../harness/facade';
import { browserSignUp, newUser, signIn, signUp, type TestUser } from '../harness/fixtures';
import { startOryBackend, type UpstreamCall } from '../harness/oryBackend';
import { SESSION_JWT_KEYS } from '../kratos/profiles';

const env = useFacade(() => startOryBackend());

const TEMPLATE = 'ory-graphql-test';
const TEMPLATE_WITH_CLAIMS = 'ory-graphql-test-claims';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let user: TestUser;
let token: string;
let identityId: string;
let sessionId: string;

beforeAll(async () => {
  user = newUser('Jo');
  ({ token, identityId } = await signUp(env.facade, user));
  const res = await env.facade.gql('{ me { id } }', {}, { token });
  sessionId = res.data?.me.id;
});

beforeEach(() => {
  env.backend.resetCalls();
});

interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Whether the signature verifies with the templates' public key. */
  verified: boolean;
}

function decode(jwt: string): DecodedJwt {
  const [header = '', claims = '', signature = ''] = jwt.split('.');
  // The public half of the templates' private key: what a router or service is given to verify with.
  const key = createPublicKey({ key: SESSION_JWT_KEYS.keys[0]!, format: 'jwk' });
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')),
    verified: verify(
      'sha256',
      Buffer.from(`${header}.${claims}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    ),
  };
}

const whoamiCalls = (): UpstreamCall[] =>
  env.backend.calls().filter((call) => call.path === '/sessions/whoami');
const templatesAsked = (): Array<string | string[] | undefined> =>
  whoamiCalls().map((call) => call.query.tokenize_as);

function onlyError(res: GqlResponse): Record<string, unknown> | undefined {
  expect(res.errors).toHaveLength(1);
  return res.errors?.[0]?.extensions;
}

describe('Session.tokenized', () => {
  it("is the caller's session as a JWT signed with the template's key, with Ory's claims", async () => {
    const res = await env.facade.gql(`{ me { id tokenized(template: "${TEMPLATE}") } }`, {}, { token });
    expect(res.errors).toBeUndefined();
    const jwt = decode(res.data?.me.tokenized);
    expect(jwt.verified).toBe(true);
    expect(jwt.header).toEqual({ alg: 'ES256', kid: 'ory-graphql-test-session-jwt', typ: 'JWT' });
    expect(Object.keys(jwt.claims).sort()).toEqual(['exp', 'iat', 'iss', 'jti', 'nbf', 'sid', 'sub']);
    const { iat, nbf, exp } = jwt.claims as Record<string, number>;
    expect(jwt.claims).toMatchObject({ sub: identityId, sid: sessionId, jti: expect.stringMatching(UUID) });
    expect(jwt.claims.iss).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/));
    expect(Math.abs(iat! - Date.now() / 1000)).toBeLessThan(60);
    expect(nbf).toBe(iat);
    expect(exp! - iat!).toBe(10 * 60); // the template's ttl
    // The session itself (me), then the token.
    expect(templatesAsked()).toEqual([undefined, TEMPLATE]);
  });

  it("adds the template's claims, and the subject stays the identity", async () => {
    const res = await env.facade.gql(
      `{ me { tokenized(template: "${TEMPLATE_WITH_CLAIMS}") } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    const jwt = decode(res.data?.me.tokenized);
    expect(jwt.verified).toBe(true);
    expect(jwt.claims).toMatchObject({
      aud: ['ory-graphql-test'],
      email: user.email,
      aal: 'aal1',
      sub: identityId, // the claims mapper says otherwise: Ory keeps the identity id
      sid: sessionId,
    });
    const { iat, exp } = jwt.claims as Record<string, number>;
    expect(exp! - iat!).toBe(60 * 60);
  });

  it('costs one Ory call per template, however often each is selected', async () => {
    const res = await env.facade.gql(
      `{ me { a: tokenized(template: "${TEMPLATE}") b: tokenized(template: "${TEMPLATE}")
          c: tokenized(template: "${TEMPLATE_WITH_CLAIMS}") }
         again: me { tokenized(template: "${TEMPLATE}") } }`,
      {},
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.a).toBe(res.data?.me.b);
    expect(res.data?.again.tokenized).toBe(res.data?.me.a);
    expect(decode(res.data?.me.c).claims.aud).toEqual(['ory-graphql-test']);
    expect(templatesAsked().sort()).toEqual([TEMPLATE, TEMPLATE_WITH_CLAIMS, undefined]);
    expect(env.backend.calls()).toHaveLength(3);
  });

  it('refuses a template Ory does not know with BAD_USER_INPUT on the template argument', async () => {
    const res = await env.facade.gql('{ me { id tokenized(template: "no-such-template") } }', {}, { token });
    expect(onlyError(res)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'template',
      ory: { reason: 'Unable to find tokenizer template "no-such-template".' },
    });
    expect(res.errors?.[0]?.message).toContain('"no-such-template"');
    expect(res.errors?.[0]?.path).toEqual(['me', 'tokenized']);
    expect(res.data?.me).toEqual({ id: sessionId, tokenized: null });
    expect(templatesAsked()).toEqual([undefined, 'no-such-template']);
  });

  it('refuses a name that cannot be a template without asking Ory for a token', async () => {
    const res = await env.facade.gql('{ me { tokenized(template: "no spaces") } }', {}, { token });
    expect(onlyError(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'template' });
    expect(templatesAsked()).toEqual([undefined]);
  });

  it('asks Ory nothing for a caller who is not signed in (me is null)', async () => {
    const res = await env.facade.gql(`{ me { tokenized(template: "${TEMPLATE}") } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
    expect(env.backend.calls()).toEqual([]);
  });

  it("works with Ory's session cookie (browser callers)", async () => {
    const jar = new CookieJar();
    const browserIdentity = await browserSignUp(env.facade, newUser('Kim'), jar);
    env.backend.resetCalls();
    const res = await env.facade.gql(`{ me { tokenized(template: "${TEMPLATE}") } }`, {}, { jar });
    expect(res.errors).toBeUndefined();
    const jwt = decode(res.data?.me.tokenized);
    expect(jwt.verified).toBe(true);
    expect(jwt.claims.sub).toBe(browserIdentity);
    const [, tokenCall] = whoamiCalls();
    expect(tokenCall?.headers.cookie).toBeDefined();
    expect(tokenCall?.headers['x-session-token']).toBeUndefined();
  });

  it("is FORBIDDEN on the caller's other sessions, without asking Ory for a token", async () => {
    await signIn(env.facade, user); // a second session of the same identity
    env.backend.resetCalls();
    const res = await env.facade.gql(
      `{ mySessions(first: 1) { nodes { id tokenized(template: "${TEMPLATE}") } } }`,
      {},
      { token },
    );
    expect(onlyError(res)).toMatchObject({ code: 'FORBIDDEN' });
    expect(res.errors?.[0]?.message).toContain('me');
    expect(env.backend.calls().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /sessions']);
  });

  it('is FORBIDDEN on sessions administrators read, without asking Ory for a token', async () => {
    const res = await env.facade.gql(
      `query ($id: ID!) { session(id: $id) { id tokenized(template: "${TEMPLATE}") } }`,
      { id: sessionId },
      { admin: true },
    );
    expect(onlyError(res)).toMatchObject({ code: 'FORBIDDEN' });
    expect(res.data?.session).toEqual({ id: sessionId, tokenized: null });
    expect(env.backend.calls().map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /admin/sessions/${sessionId}`,
    ]);
  });

  it("works on the caller's own Session entity a router resolves, not on an administrator's", async () => {
    const query = `query ($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Session { id tokenized(template: "${TEMPLATE}") } }
    }`;
    const variables = { representations: [{ __typename: 'Session', id: sessionId }] };
    const own = await env.facade.gql(query, variables, { token });
    expect(own.errors).toBeUndefined();
    expect(decode(own.data?._entities[0].tokenized).claims.sid).toBe(sessionId);
    env.backend.resetCalls();
    const asAdmin = await env.facade.gql(query, variables, { admin: true });
    expect(onlyError(asAdmin)).toMatchObject({ code: 'FORBIDDEN' });
    expect(whoamiCalls()).toEqual([]);
  });

  it('is FORBIDDEN on the session of a sign-in result (it is not the one the request is signed with)', async () => {
    const flow = await env.facade.gql('mutation { createLoginFlow { id } }');
    env.backend.resetCalls();
    const res = await env.facade.gql(
      `mutation ($flowId: ID!, $identifier: String!, $password: String!) {
        updateLoginFlow(input: { flowId: $flowId, password: { identifier: $identifier, password: $password } }) {
          ... on LoginSuccess { session { tokenized(template: "${TEMPLATE}") } }
        }
      }`,
      { flowId: flow.data?.createLoginFlow.id, identifier: user.email, password: user.password },
    );
    expect(onlyError(res)).toMatchObject({ code: 'FORBIDDEN' });
    expect(whoamiCalls()).toEqual([]);
  });
});
