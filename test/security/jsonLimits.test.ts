/**
 * Hostile JSON values (outside probe, finding 1). A value nested thousands of levels deep used to pass the body
 * parser, overflow the stack while being serialised for Ory, and count as an Ory failure: a handful of anonymous
 * requests opened the circuit breaker and took the facade offline for everyone. JSON values are now bounded
 * when they are parsed (BAD_USER_INPUT, no Ory call), and a failure on the facade's side never counts against
 * a breaker.
 */
import request from 'supertest';
import { OryError } from '../../src/ory/oryError';
import { OryTransport, type CallScope } from '../../src/ory/transport';
import { errorCode, useFacade } from '../harness/facade';
import { newUser, registrationFlowId, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const MAX_DEPTH = 32;
const env = useFacade(() => startOryBackend(), { MAX_JSON_DEPTH: String(MAX_DEPTH), NODE_ENV: 'production' });

/** `[[[ ... ]]]` nested `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i += 1) value = [value];
  return value;
}

const REGISTER = `mutation ($id: ID!, $traits: JSONObject!) {
  updateRegistrationFlow(input: { flowId: $id, password: { password: "Correct-Horse-1", traits: $traits } }) { __typename }
}`;

describe('JSON values from clients', () => {
  it('refuses the poison request 20 times with BAD_USER_INPUT, and the facade stays ready for everyone', async () => {
    const victim = await signUp(env.facade, newUser('Victim'));
    const flowId = await registrationFlowId(env.facade);
    env.backend.resetCalls();
    // About 16 KB of JSON, written out by hand: JSON.stringify itself cannot go that deep.
    const body = JSON.stringify({
      query: REGISTER,
      variables: { id: flowId, traits: { email: 'x@example.test', deep: 'POISON' } },
    }).replace('"POISON"', `${'['.repeat(8000)}${']'.repeat(8000)}`);
    for (let i = 0; i < 20; i += 1) {
      const res = await request(env.facade.app)
        .post('/graphql')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toContain(`at most ${MAX_DEPTH} levels`);
    }
    expect(env.backend.calls()).toEqual([]);
    const ready = await request(env.facade.app).get('/health/ready');
    expect(ready.status).toBe(200);
    const me = await env.facade.gql('{ me { identity { id } } }', {}, { token: victim.token });
    expect(me.data?.me.identity.id).toBe(victim.identityId);
  });

  it('refuses a too-deep value in settings traits, from a signed-in attacker, without an Ory call', async () => {
    const attacker = await signUp(env.facade, newUser('Attacker'));
    const flow = await env.facade.gql(
      'mutation { createSettingsFlow { id } }',
      {},
      { token: attacker.token },
    );
    env.backend.resetCalls();
    const res = await env.facade.gql(
      'mutation ($id: ID!, $traits: JSONObject!) { updateSettingsFlow(input: { flowId: $id, profile: { traits: $traits } }) { __typename } }',
      { id: flow.data?.createSettingsFlow.id, traits: { nest: nested(MAX_DEPTH + 1) } },
      { token: attacker.token },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it('refuses a too-deep literal in the document, and a patch value with too many members', async () => {
    const literal = `mutation { updateRegistrationFlow(input: { flowId: "${await registrationFlowId(env.facade)}", password: { password: "x", traits: { a: ${'['.repeat(40)}${']'.repeat(40)} } } }) { __typename } }`;
    const deep = await env.facade.gql(literal);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.message).toContain(`at most ${MAX_DEPTH} levels`);

    const wide = await env.facade.gql(
      'mutation ($value: JSON) { patchIdentity(input: { id: "00000000-0000-4000-8000-000000000000", operations: [{ op: ADD, path: "/metadata_public/x", value: $value }] }) { id } }',
      { value: Array.from({ length: 10_001 }, () => 0) },
      { admin: true },
    );
    expect(wide.status).toBe(400);
    expect(errorCode(wide)).toBe('BAD_USER_INPUT');
    expect(wide.errors?.[0]?.message).toContain('at most 10000 values');
  });

  it('accepts values at the limit', async () => {
    const user = newUser('Deep');
    const res = await env.facade.gql(
      'mutation ($traits: JSONObject!, $meta: JSONObject) { createIdentity(input: { schemaId: "default", traits: $traits, metadataPublic: $meta }) { metadataPublic } }',
      { traits: { email: user.email }, meta: { deep: nested(MAX_DEPTH - 1) } },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.createIdentity.metadataPublic).toEqual({ deep: nested(MAX_DEPTH - 1) });
  });
});

describe('the circuit breakers', () => {
  const scope = (): CallScope => ({
    deadline: new AbortController().signal,
    deadlineAt: Date.now() + 10_000,
    stats: { calls: 0, statuses: [] },
    budget: { left: 100, max: 100 },
  });

  it('never count a failure on the facade side (a value that cannot be serialised) against Ory', async () => {
    const transport = new OryTransport({ timeoutMs: 1000, breakerResetMs: 10_000 });
    try {
      for (let i = 0; i < 20; i += 1) {
        const failure = transport.call(
          {
            api: 'frontend',
            operation: 'updateRegistrationFlow',
            shape: 'object',
            idempotent: false,
            run: () => Promise.reject(new RangeError('Maximum call stack size exceeded')),
          },
          scope(),
        );
        await expect(failure).rejects.toMatchObject({
          kind: 'local',
          cause: 'RangeError: Maximum call stack size exceeded',
        });
        await expect(failure).rejects.toBeInstanceOf(OryError);
      }
      expect(transport.frontendAvailable).toBe(true);
    } finally {
      transport.shutdown();
    }
  });
});
