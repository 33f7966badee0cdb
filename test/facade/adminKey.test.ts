/**
 * The Ory admin key stays on the server: it is sent only to /admin/* paths, and appears in no response and no
 * log line, on success and failure paths alike.
 */
import { randomUUID } from 'node:crypto';
import { fingerprint } from '../../emulator';
import { createLogger } from '../../src/logger';
import { startFacade, type Facade } from '../harness/facade';
import { newUser, signUp } from '../harness/fixtures';
import { emulatorOnly, startOryBackend, type OryBackend } from '../harness/oryBackend';

const API_KEY = `ory_pat_${randomUUID().replace(/-/g, '')}`;
let backend: OryBackend;
let facade: Facade;
const logLines: string[] = [];
const responses: string[] = [];

beforeAll(async () => {
  backend = await startOryBackend({ adminApiKey: API_KEY });
  const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  facade = await startFacade({ ...backend, apiKey: API_KEY }, { ORY_API_KEY: API_KEY }, logger);
});

afterAll(async () => {
  await facade.stop();
  await backend.close();
});

async function record(...args: Parameters<Facade['gql']>) {
  const res = await facade.gql(...args);
  responses.push(res.text, JSON.stringify(res.headers));
  return res;
}

it('sends the admin key to /admin/* only and never leaks it', async () => {
  const { token, identityId } = await signUp(facade, newUser('Key'));
  await record('{ me { id } }', {}, { token });
  await record(
    'query ($id: ID!) { identity(id: $id) { id metadataAdmin credentials { type } } }',
    { id: identityId },
    { admin: true },
  );
  await record(
    '{ identities(first: 2) { nodes { id } } sessions(first: 2) { nodes { id } } }',
    {},
    { admin: true },
  );
  // Failure paths: an unknown id, invalid input Ory rejects, a refused caller.
  await record(`mutation { deleteIdentity(id: "${randomUUID()}") }`, {}, { admin: true });
  await record(
    'mutation { createIdentity(input: { schemaId: "nope", traits: {} }) { id } }',
    {},
    { admin: true },
  );
  await record('{ identities { nodes { id } } }', {}, { token });

  const keyed = backend
    .calls()
    .filter((call) => call.headers.authorization === `Bearer ${fingerprint(API_KEY)}`);
  expect(keyed.length).toBeGreaterThan(0);
  for (const call of keyed) expect(call.path).toMatch(/^\/admin\//);
  for (const call of backend.calls().filter((c) => !c.path.startsWith('/admin/'))) {
    expect(call.headers.authorization).toBeUndefined();
  }
  expect(logLines.length).toBeGreaterThan(0);
  for (const text of [...responses, ...logLines]) {
    expect(text).not.toContain(API_KEY);
    expect(text).not.toMatch(/ory_pat_/);
  }
});

// Needs an Ory that checks API keys, as Ory Network does: self-hosted Kratos's admin port has no authentication.
emulatorOnly(
  "reports a wrong admin key as an upstream problem (not the caller's), without echoing it",
  async () => {
    const wrong = await startFacade(
      { ...backend, apiKey: 'ory_pat_wrong' },
      { ORY_API_KEY: 'ory_pat_wrong' },
    );
    try {
      const res = await wrong.gql('{ identities(first: 1) { nodes { id } } }', {}, { admin: true });
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(res.text).not.toContain('ory_pat_wrong');
    } finally {
      await wrong.stop();
    }
  },
);
