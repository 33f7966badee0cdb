/**
 * ROUTER_SECRET: with it configured, `_service` and `_entities` sent straight to the subgraph need the
 * `X-Router-Secret` header (refused before execution otherwise, with no Ory call), federated traces (ftv1) are
 * returned only to requests carrying it, and ordinary operations are unaffected. Without it, production refuses
 * the federation fields to everyone (and says so at start), while development leaves them open; no traces are
 * returned to anyone.
 */
import { createLogger } from '../../src/logger';
import { servedSubgraphSdl } from '../../src/printSubgraphSchema';
import { errorCode, startFacade, useFacade, type Facade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';
import {
  ROUTER_SECRET,
  composeSupergraph,
  listen,
  orySubgraph,
  startGateway,
  startReviewsSubgraph,
  withoutAuthorizationDirectives,
} from './supergraph';

const env = useFacade(() => startOryBackend(), { ROUTER_SECRET });

const SERVICE = '{ _service { sdl } }';
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Identity { id traits } }
}`;
const TRACE = { 'apollo-federation-include-trace': 'ftv1' };
const SECRET = { 'X-Router-Secret': ROUTER_SECRET };

let identityId: string;

beforeAll(async () => {
  identityId = (await signUp(env.facade, newUser('Sec'))).identityId;
});

beforeEach(() => {
  env.backend.resetCalls();
});

const representations = (): Record<string, unknown> => ({
  representations: [{ __typename: 'Identity', id: identityId }],
});

describe('with ROUTER_SECRET set', () => {
  it('refuses _service without the header: UNAUTHENTICATED, HTTP 401', async () => {
    const res = await env.facade.gql(SERVICE);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeUndefined();
    expect(res.text).not.toContain('type Identity');
  });

  it('refuses _entities with a wrong secret: FORBIDDEN, HTTP 403, before any Ory call', async () => {
    const res = await env.facade.gql(ENTITIES, representations(), {
      admin: true,
      headers: { 'X-Router-Secret': `${ROUTER_SECRET}x` },
    });
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.data).toBeUndefined();
    expect(env.backend.calls()).toEqual([]);
  });

  it('refuses federation fields hidden behind aliases and fragments', async () => {
    const res = await env.facade.gql(
      'query { ...Root } fragment Root on Query { ... on Query { schema: _service { sdl } } }',
    );
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });

  it('answers _service and _entities with the secret', async () => {
    const sdl = await env.facade.gql(SERVICE, {}, { headers: SECRET });
    expect(sdl.status).toBe(200);
    expect(sdl.data?._service.sdl).toBe(servedSubgraphSdl());
    expect(sdl.data?._service.sdl).toMatch(/type Identity\s+@key\(fields: "id"\)/);

    const entities = await env.facade.gql(ENTITIES, representations(), { admin: true, headers: SECRET });
    expect(entities.errors).toBeUndefined();
    expect(entities.data?._entities).toEqual([{ id: identityId, traits: expect.any(Object) }]);
  });

  it('leaves ordinary operations alone', async () => {
    const res = await env.facade.gql('{ me { id } identitySchemas { id } }');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('returns an ftv1 trace only to requests carrying the secret', async () => {
    const without = await env.facade.gql('{ identitySchemas { id } }', {}, { headers: TRACE });
    expect(without.errors).toBeUndefined();
    expect(JSON.parse(without.text).extensions?.ftv1).toBeUndefined();

    const wrong = await env.facade.gql(
      '{ identitySchemas { id } }',
      {},
      {
        headers: { ...TRACE, 'X-Router-Secret': 'not-the-router-secret' },
      },
    );
    expect(JSON.parse(wrong.text).extensions?.ftv1).toBeUndefined();

    const withSecret = await env.facade.gql(
      '{ identitySchemas { id } }',
      {},
      { headers: { ...TRACE, ...SECRET } },
    );
    expect(JSON.parse(withSecret.text).extensions?.ftv1).toEqual(expect.any(String));
  });

  it('refuses a gateway that does not send the secret', async () => {
    const facadeHttp = await listen(env.facade.app);
    const reviews = await startReviewsSubgraph([{ id: 'r1', body: 'fine', authorId: identityId }]);
    const supergraph = composeSupergraph([
      withoutAuthorizationDirectives(orySubgraph(facadeHttp.url)),
      reviews,
    ]);
    const gateway = await startGateway(supergraph.supergraphSdl, null);
    try {
      const res = await gateway.gql('{ reviews { id author { id traits } } }', {}, { admin: true });
      expect(res.data?.reviews).toEqual([{ id: 'r1', author: null }]);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(env.backend.calls().filter((call) => call.listener === 'admin')).toEqual([]);
    } finally {
      await gateway.close();
      await reviews.close();
      await facadeHttp.close();
    }
  });
});

describe('without ROUTER_SECRET (development)', () => {
  let open: Facade;

  beforeAll(async () => {
    open = await startFacade(env.backend);
  });

  afterAll(async () => {
    await open.stop();
  });

  it('answers _service and _entities to anyone, with the usual visibility rules', async () => {
    const sdl = await open.gql(SERVICE);
    expect(sdl.data?._service.sdl).toContain('type Identity');
    const anonymous = await open.gql(ENTITIES, representations());
    expect(anonymous.data?._entities).toEqual([null]);
  });

  it('returns no ftv1 trace, whatever the headers', async () => {
    const res = await open.gql('{ identitySchemas { id } }', {}, { headers: { ...TRACE, ...SECRET } });
    expect(res.errors).toBeUndefined();
    expect(JSON.parse(res.text).extensions?.ftv1).toBeUndefined();
  });
});

describe('without ROUTER_SECRET in production', () => {
  let closed: Facade;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = createLogger('warn', { write: (line: string) => void logLines.push(line) });
    closed = await startFacade(env.backend, { NODE_ENV: 'production' }, logger);
  });

  afterAll(async () => {
    await closed.stop();
  });

  it('refuses _service (the whole SDL, admin types included) with FORBIDDEN, HTTP 403', async () => {
    const res = await closed.gql(SERVICE);
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.data?._service).toBeUndefined();
    expect(res.text).not.toContain('type Identity');
    expect(res.text).not.toContain('metadataAdmin');
  });

  it('refuses _entities with FORBIDDEN before any Ory call, secret header or not', async () => {
    const res = await closed.gql(ENTITIES, representations(), { headers: SECRET });
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(env.backend.calls()).toEqual([]);
  });

  it('says at start how to enable federation', () => {
    const warning = logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(warning).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringContaining('set ROUTER_SECRET') }),
    );
  });

  it('still serves ordinary operations', async () => {
    const res = await closed.gql('{ identitySchemas { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.identitySchemas).toContainEqual({ id: 'default' });
  });
});
