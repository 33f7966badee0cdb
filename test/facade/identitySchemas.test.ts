import { useFacade, errorCode } from '../harness/facade';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

describe('identity schemas', () => {
  it('lists the identity schemas with their JSON Schema documents', async () => {
    const res = await env.facade.gql('{ identitySchemas { id schema } }');
    expect(res.errors).toBeUndefined();
    const schemas = res.data?.identitySchemas;
    expect(schemas.length).toBeGreaterThan(0);
    const first = schemas[0];
    expect(first.schema.properties.traits.properties.email).toBeDefined();
  });

  it('fetches one schema by id, sent without the admin key', async () => {
    const list = await env.facade.gql('{ identitySchemas { id } }');
    const id = list.data?.identitySchemas[0].id;
    env.backend.resetCalls();
    const res = await env.facade.gql('query ($id: ID!) { identitySchema(id: $id) { id schema } }', { id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.identitySchema.id).toBe(id);
    expect(res.data?.identitySchema.schema.properties.traits).toBeDefined();
    const [call] = env.backend.calls();
    expect(call?.listener).toBe('public');
    expect(call?.headers.authorization).toBeUndefined();
  });

  it('returns null for an unknown schema id', async () => {
    const res = await env.facade.gql('{ identitySchema(id: "no-such-schema") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ identitySchema: null });
  });

  it('refuses a schema id with control characters with BAD_USER_INPUT and no Ory call', async () => {
    env.backend.resetCalls();
    const res = await env.facade.gql('query ($id: ID!) { identitySchema(id: $id) { id } }', { id: 'a\nb' });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });
});
