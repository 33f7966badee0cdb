/**
 * Demand control (security requirements 1-8, 10): hostile documents are refused before execution and before any
 * Ory call, with messages that name the limit that was hit (documented in the README anyway) and
 * `extensions.limit`, all with the one code `BAD_USER_INPUT`, and the server keeps answering normal queries.
 */
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend(), { NODE_ENV: 'production' });
const limits = loadConfig({ NODE_ENV: 'test' }).limits;

beforeEach(() => {
  env.backend.resetCalls();
});

/**
 * Asserts a refusal: the code, no data, no upstream call, and (for the query-shape limits) a message and
 * `extensions.limit` naming the limit and its value; and the server still serves.
 */
async function expectRefused(
  res: {
    status: number;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
    data?: unknown;
  },
  code: string,
  limit?: { name: string; max: number },
) {
  const [first] = res.errors ?? [];
  expect(first?.extensions?.code).toBe(code);
  expect(res.data ?? null).toBeNull();
  if (limit !== undefined) {
    expect(first?.extensions?.limit).toEqual(limit);
    expect(first?.message).toContain(limit.name);
    expect(first?.message).toContain(String(limit.max));
    expect(first?.message).not.toMatch(/Syntax Error/);
  }
  expect(env.backend.calls()).toEqual([]);
  const alive = await env.facade.gql('{ __typename }');
  expect(alive.data).toEqual({ __typename: 'Query' });
}

const depthLimit = { name: 'MAX_DEPTH', max: limits.maxDepth };
const aliasLimit = { name: 'MAX_ALIASES', max: limits.maxAliases };
const pageLimit = { name: 'MAX_PAGE_SIZE', max: 100 };
const costLimit = { name: 'MAX_COST', max: limits.maxCost };

/**
 * A query exactly `depth` fields deep: `identity { sessions { nodes { identity { ... } } } }`, ending with a
 * scalar field of whatever type the chain stopped at.
 */
function deepQuery(depth: number): string {
  const chain = ['sessions(first: 1)', 'nodes', 'identity'];
  const leafAfter: Record<string, string> = {
    identity: 'id',
    'sessions(first: 1)': 'totalCount',
    nodes: 'id',
  };
  const fields = ['identity(id: "00000000-0000-4000-8000-000000000000")'];
  for (let level = 2; level < depth; level += 1) fields.push(chain[(level - 2) % 3] ?? 'id');
  const last = fields.at(-1) ?? '';
  const leaf = leafAfter[last.startsWith('identity') ? 'identity' : last] ?? 'id';
  return `{ ${fields.map((field) => `${field} {`).join(' ')} ${leaf} ${'}'.repeat(fields.length)} }`;
}

describe('depth', () => {
  it('refuses a query nested 30 levels deep', async () => {
    const res = await env.facade.gql(deepQuery(30), {}, { admin: true });
    expect(res.status).toBe(400);
    await expectRefused(res, 'BAD_USER_INPUT', depthLimit);
  });

  it('refuses the same depth hidden in named and inline fragments, and in a fragment named __schema', async () => {
    const inner = deepQuery(30).slice(2, -2);
    for (const query of [
      `query { ...Deep } fragment Deep on Query { ${inner} }`,
      `query { ... on Query { ${inner} } }`,
      `query { ...__schema } fragment __schema on Query { ${inner} }`,
    ]) {
      const res = await env.facade.gql(query, {}, { admin: true });
      await expectRefused(res, 'BAD_USER_INPUT', depthLimit);
    }
  });

  it('accepts a query at the maximum depth, and refuses one level more', async () => {
    const atLimit = await env.facade.gql(deepQuery(limits.maxDepth), {}, { admin: true });
    expect(atLimit.errors).toBeUndefined();
    env.backend.resetCalls();
    const beyond = await env.facade.gql(deepQuery(limits.maxDepth + 1), {}, { admin: true });
    await expectRefused(beyond, 'BAD_USER_INPUT', depthLimit);
  });
});

describe('aliases', () => {
  it('refuses 101 aliases of __typename (graphql-cop) and 16 aliases of a real field', async () => {
    const typenames = Array.from({ length: 101 }, (_, i) => `alias${i}:__typename`).join(' ');
    await expectRefused(await env.facade.gql(`query cop { ${typenames} }`), 'BAD_USER_INPUT', aliasLimit);
    const fields = Array.from({ length: limits.maxAliases + 1 }, (_, i) => `m${i}: me { id }`).join(' ');
    await expectRefused(await env.facade.gql(`{ ${fields} }`), 'BAD_USER_INPUT', aliasLimit);
  });
});

describe('batching, size and tokens', () => {
  it('refuses a JSON array of operations with one error and no data', async () => {
    const res = await request(env.facade.app)
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send(Array.from({ length: 10 }, () => ({ query: 'query cop { __typename }' })));
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.data).toBeUndefined();
    expect(env.backend.calls()).toEqual([]);
  });

  it('refuses a document of more tokens than allowed with BAD_USER_INPUT, naming MAX_TOKENS', async () => {
    const res = await env.facade.gql(`{ ${'__typename '.repeat(5000)} }`);
    expect(res.status).toBe(400);
    await expectRefused(res, 'BAD_USER_INPUT', { name: 'MAX_TOKENS', max: limits.maxTokens });
  });

  it('keeps answering normal queries during a burst of oversized and malformed requests', async () => {
    const hostile = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? request(env.facade.app)
            .post('/graphql')
            .set('Content-Type', 'application/json')
            .send(`{"query":"${'x'.repeat(100_000)}"}`)
        : request(env.facade.app).post('/graphql').set('Content-Type', 'application/json').send('{"query": '),
    );
    const normal = env.facade.gql('{ __typename }');
    const [answer, ...rest] = await Promise.all([normal, ...hostile]);
    expect(answer.data).toEqual({ __typename: 'Query' });
    for (const res of rest) {
      expect([400, 413]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
  });
});

describe('directives', () => {
  it('caps the errors of directive overloading (graphql-cop)', async () => {
    const res = await env.facade.gql(`query cop { __typename ${'@aa'.repeat(limits.maxDirectives + 1)} }`);
    expect(res.errors?.length).toBeLessThanOrEqual(4);
    const limit = { name: 'MAX_DIRECTIVES', max: limits.maxDirectives };
    const refusal = res.errors?.find((error) => error.extensions?.limit !== undefined);
    expect(refusal?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    expect(res.status).toBe(400);
  });
});

describe('cost and page sizes', () => {
  it('refuses first: 1000 as a literal and as a variable alike, before any Ory call', async () => {
    const literal = await env.facade.gql('{ identities(first: 1000) { nodes { id } } }', {}, { admin: true });
    await expectRefused(literal, 'BAD_USER_INPUT', pageLimit);
    const variable = await env.facade.gql(
      'query ($n: Int) { identities(first: $n) { nodes { id } } }',
      { n: 1000 },
      { admin: true },
    );
    await expectRefused(variable, 'BAD_USER_INPUT', pageLimit);
  });

  it('refuses an operation whose cost, with its variables, exceeds the budget', async () => {
    const fields =
      'id schemaId state traits metadataPublic createdAt updatedAt verifiableAddresses { value verified status }';
    const query = `query ($n: Int) { a: identities(first: $n) { nodes { ${fields} sessions(first: $n) { nodes { id active identity { ${fields} } } } } } }`;
    const cheap = await env.facade.gql(query, { n: 1 }, { admin: true });
    expect(cheap.errors).toBeUndefined();
    env.backend.resetCalls();
    const costly = await env.facade.gql(query, { n: 100 }, { admin: true });
    await expectRefused(costly, 'BAD_USER_INPUT', costLimit);
  });
});

describe('cost verdicts kept per document', () => {
  const fields =
    'id schemaId state traits metadataPublic createdAt updatedAt verifiableAddresses { value verified status }';

  it('follow the variables of each request: page sizes, defaults and @include / @skip', async () => {
    const query = `query ($n: Int = 1000, $big: Boolean!) { identities(first: 1) { nodes { id } } a: identities(first: $n) @include(if: $big) { nodes { ${fields} sessions(first: 100) { nodes { id identity { ${fields} } } } } } }`;
    const ask = (variables: Record<string, unknown>) => {
      env.backend.resetCalls();
      return env.facade.gql(query, variables, { admin: true });
    };
    for (let round = 0; round < 2; round += 1) {
      expect((await ask({ n: 1, big: false })).errors).toBeUndefined();
      await expectRefused(await ask({ n: 100, big: true }), 'BAD_USER_INPUT', costLimit);
      expect((await ask({ n: 100, big: false })).errors).toBeUndefined();
      // An absent `$n` takes its default (1000, out of bounds); an explicit null is no page size at all.
      await expectRefused(await ask({ big: true }), 'BAD_USER_INPUT', pageLimit);
      expect((await ask({ n: null, big: false })).errors).toBeUndefined();
    }
  });

  it('leave mistyped variables to execution, after a refusal was kept', async () => {
    const query = `query ($n: Int, $id: ID!) { identity(id: $id) { id } identities(first: $n) { nodes { ${fields} sessions(first: 100) { nodes { id identity { ${fields} } } } } } }`;
    const id = '00000000-0000-4000-8000-000000000000';
    env.backend.resetCalls();
    await expectRefused(
      await env.facade.gql(query, { n: 100, id }, { admin: true }),
      'BAD_USER_INPUT',
      costLimit,
    );
    const mistyped = await env.facade.gql(query, { n: 100, id: { not: 'an id' } }, { admin: true });
    expect(mistyped.errors?.[0]?.message).toMatch(/\$id/);
  });
});

describe('schema exposure in production', () => {
  it('refuses introspection, including the circular graphql-cop query', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "Query") { name } }',
      'query cop { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }',
    ]) {
      const res = await env.facade.gql(query);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.data ?? null)).not.toMatch(/__schema|__type|"types"/);
    }
  });

  it('gives no suggestions for misspelled fields, arguments, types or enum values', async () => {
    for (const query of [
      '{ mee { id } }',
      '{ loginFlow(idd: "x") { id } }',
      'query ($x: Sesion) { me { id } }',
      'mutation { createLoginFlow(input: { client: NATIV }) { id } }',
    ]) {
      const res = await env.facade.gql(query);
      const text = JSON.stringify(res.errors);
      expect(text).not.toContain('Did you mean');
      expect(text).not.toMatch(/"me"|"id"|Session|NATIVE/);
    }
  });

  it('serves no IDE page', async () => {
    for (const headers of [
      { Accept: 'text/html' },
      { Accept: 'text/html', 'Apollo-Require-Preflight': 'true' },
    ]) {
      const res = await request(env.facade.app).get('/graphql').set(headers);
      expect(res.text).not.toMatch(
        /GraphiQL|graphiql\.min\.css|GraphQL Playground|graphql-playground|Sandbox/,
      );
    }
  });
});

describe('credential mutations', () => {
  it('refuses two sign-in attempts in one operation (aliases) before any Ory call', async () => {
    const attempt = (alias: string) =>
      `${alias}: updateLoginFlow(input: { flowId: "00000000-0000-4000-8000-000000000000", password: { identifier: "a@b.test", password: "x" } }) { __typename }`;
    const res = await env.facade.gql(`mutation { ${attempt('a')} ${attempt('b')} }`);
    await expectRefused(res, 'BAD_USER_INPUT');
  });

  it('refuses combining different credential mutations through fragments', async () => {
    const res = await env.facade.gql(`mutation { ...A ...B }
      fragment A on Mutation { updateLoginFlow(input: { flowId: "00000000-0000-4000-8000-000000000000", password: { identifier: "a", password: "b" } }) { __typename } }
      fragment B on Mutation { updateRecoveryFlow(input: { flowId: "00000000-0000-4000-8000-000000000000", code: { code: "123456" } }) { __typename } }`);
    await expectRefused(res, 'BAD_USER_INPUT');
  });
});

describe('Ory calls per operation', () => {
  it(`stops an operation at ${limits.maxOryCalls} Ory calls (aliased lookups), naming the limit`, async () => {
    const aliases = Array.from({ length: 14 }, (_, i) => `s${i}: identitySchema(id: "default") { id }`);
    env.backend.resetCalls();
    const res = await env.facade.gql(`{ ${aliases.join(' ')} }`);
    expect(env.backend.calls()).toHaveLength(limits.maxOryCalls);
    const answered = Object.values(res.data ?? {}).filter((flow) => flow !== null);
    expect(answered).toHaveLength(limits.maxOryCalls);
    expect(res.errors).toHaveLength(14 - limits.maxOryCalls);
    for (const error of res.errors ?? []) {
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('MAX_ORY_CALLS');
      expect(error.extensions?.limit).toEqual({ name: 'MAX_ORY_CALLS', max: limits.maxOryCalls });
    }
  });
});
