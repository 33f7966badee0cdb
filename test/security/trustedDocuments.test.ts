/**
 * Trusted documents (security requirement 11): with a manifest from the client build (GraphQL Code Generator's
 * persisted documents, or Apollo's persisted query manifest) and TRUSTED_DOCUMENTS_ONLY, documents run by id or
 * by their exact text, anything else is refused with OPERATION_NOT_ALLOWED and no Ory call, and APQ cannot
 * register new documents. The federation router (router secret) is exempt.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { runClientPreset } from '../harness/clientPreset';
import { startFacade, useFacade, type Facade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const ROUTER_SECRET = 'trusted-documents-router-secret-0123';
const work = mkdtempSync(path.join(tmpdir(), 'ory-graphql-trusted-'));
const CODEGEN_MANIFEST = path.join(work, 'gql', 'persisted-documents.json');
const APOLLO_MANIFEST = path.join(work, 'persisted-query-manifest.json');

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Runs GraphQL Code Generator's client preset with persisted documents, as a frontend build does. */
function generateManifests(): void {
  runClientPreset(work, { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } });
  // The same documents as Apollo's manifest format (what @apollo/generate-persisted-query-manifest writes).
  writeFileSync(
    APOLLO_MANIFEST,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: Object.values(codegenManifest()).map((body) => ({
        id: sha256(body),
        name: /(?:query|mutation) (\w+)/.exec(body)?.[1] ?? '',
        type: /(^|[\s}])mutation /.test(body) ? 'mutation' : 'query',
        body,
      })),
    }),
  );
}

function codegenManifest(): Record<string, string> {
  return JSON.parse(readFileSync(CODEGEN_MANIFEST, 'utf8')) as Record<string, string>;
}

/** The id and text of the manifest's operation `name`. */
function operation(name: string): { id: string; body: string } {
  const found = Object.entries(codegenManifest()).find(([, body]) =>
    new RegExp(`(^|[\\s}])(query|mutation) ${name}\\b`).test(body),
  );
  if (found === undefined) throw new Error(`no ${name} in the manifest`);
  return { id: found[0], body: found[1] };
}

beforeAll(generateManifests, 120_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

// An ordinary facade for the setup (signing users up with free-form documents), and the locked-down one.
const env = useFacade(() => startOryBackend());
let locked: Facade;
beforeAll(async () => {
  locked = await startFacade(env.backend, {
    TRUSTED_DOCUMENTS: CODEGEN_MANIFEST,
    TRUSTED_DOCUMENTS_ONLY: 'true',
    ROUTER_SECRET,
  });
});
afterAll(() => locked.stop());

const post = (facade: Facade, body: object, headers: Record<string, string> = {}) =>
  request(facade.app).post('/graphql').set('Content-Type', 'application/json').set(headers).send(body);

describe('with TRUSTED_DOCUMENTS_ONLY', () => {
  it("runs a manifest's document by documentId, by APQ hash and by its exact text", async () => {
    const user = newUser('Trusted');
    const { token, identityId } = await signUp(env.facade, user);
    const me = operation('Me');
    const headers = { 'X-Session-Token': token };
    for (const body of [
      { documentId: me.id },
      { documentId: me.id.replace(/^sha256:/, '') },
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(me.body) } } },
      { query: me.body },
    ]) {
      const res = await post(locked, body, headers);
      expect({ body, errors: res.body.errors }).toEqual({ body, errors: undefined });
      expect(res.body.data.me.identity.id).toBe(identityId);
    }
  });

  it('refuses any other document with OPERATION_NOT_ALLOWED, before any Ory call', async () => {
    env.backend.resetCalls();
    const res = await post(locked, { query: '{ me { id } }' }, { 'X-Request-Id': 'untrusted-1' });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions).toEqual({
      code: 'OPERATION_NOT_ALLOWED',
      requestId: 'untrusted-1',
    });
    // A trusted document changed by one character is another document.
    const changed = await post(locked, { query: `${operation('Me').body} ` });
    expect(changed.body.errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect(env.backend.calls()).toEqual([]);
  });

  it('never registers a document through APQ: the hash alone stays unknown', async () => {
    const query = `query Sneaky { identitySchemas { id } } # ${Math.random()}`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    expect((await post(locked, { query, extensions })).body.errors[0].extensions.code).toBe(
      'OPERATION_NOT_ALLOWED',
    );
    expect((await post(locked, { extensions })).body.errors[0].extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });

  it('answers an unknown documentId with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await post(locked, { documentId: sha256('no such document') });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('lets the federation router, with its secret, send its own documents', async () => {
    const secret = (value: string) => ({ 'X-Router-Secret': value });
    const sdl = await post(locked, { query: '{ _service { sdl } }' }, secret(ROUTER_SECRET));
    expect(sdl.body.errors).toBeUndefined();
    expect(sdl.body.data._service.sdl).toContain('type Identity');
    const plan = { query: 'query RouterPlan { __typename }' };
    expect((await post(locked, plan, secret(ROUTER_SECRET))).body).toEqual({ data: { __typename: 'Query' } });
    for (const headers of [{}, secret(`${ROUTER_SECRET}x`)]) {
      expect((await post(locked, plan, headers)).body.errors[0].extensions.code).toBe(
        'OPERATION_NOT_ALLOWED',
      );
    }
  });
});

describe("Apollo's manifest format, without TRUSTED_DOCUMENTS_ONLY (development)", () => {
  let open: Facade;
  beforeAll(async () => {
    open = await startFacade(env.backend, { TRUSTED_DOCUMENTS: APOLLO_MANIFEST });
  });
  afterAll(() => open.stop());

  it('runs documents by id and still runs any other document', async () => {
    const { token } = await signUp(env.facade, newUser('Open'));
    const me = operation('Me');
    const byHash = await post(
      open,
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(me.body) } } },
      { 'X-Session-Token': token },
    );
    expect(byHash.body.data.me.active).toBe(true);
    expect((await post(open, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
  });
});

describe('configuration', () => {
  it('needs a manifest for TRUSTED_DOCUMENTS_ONLY, and refuses a file that is not one', async () => {
    expect(() => loadConfig({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow(/TRUSTED_DOCUMENTS_ONLY/);
    const notAManifest = path.join(work, 'not-a-manifest.json');
    writeFileSync(notAManifest, JSON.stringify({ operations: 'nope' }));
    await expect(startFacade(env.backend, { TRUSTED_DOCUMENTS: notAManifest })).rejects.toThrow(
      /TRUSTED_DOCUMENTS: .*not a manifest of GraphQL documents/,
    );
    await expect(
      startFacade(env.backend, { TRUSTED_DOCUMENTS: path.join(work, 'missing.json') }),
    ).rejects.toThrow(/TRUSTED_DOCUMENTS: cannot read/);
  });

  it('is on by default in production when there is a manifest', () => {
    const production = {
      NODE_ENV: 'production',
      ORY_SDK_URL: 'https://ory.example.test',
      TRUSTED_DOCUMENTS: CODEGEN_MANIFEST,
    };
    expect(loadConfig(production).trustedDocuments).toEqual({ manifest: CODEGEN_MANIFEST, only: true });
    expect(loadConfig({ ...production, NODE_ENV: 'development' }).trustedDocuments.only).toBe(false);
  });
});
