/**
 * Automatic persisted queries (Apollo's APQ), as Apollo Client's persisted-query link uses them: a hash alone
 * is answered PERSISTED_QUERY_NOT_FOUND until the client has sent the document once; then the hash is enough.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { useFacade } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

it('answers a known hash without the document, and asks for the document once', async () => {
  const query = `query PersistedSchemas { identitySchemas { id } } # ${Math.random()}`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  const post = (body: object) =>
    request(env.facade.app).post('/graphql').set('Content-Type', 'application/json').send(body);

  const unknown = await post({ extensions });
  expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  const registered = await post({ query, extensions });
  expect(registered.body.errors).toBeUndefined();
  const byHash = await post({ extensions });
  expect(byHash.body.errors).toBeUndefined();
  expect(byHash.body.data.identitySchemas).toContainEqual({ id: 'default' });
});
