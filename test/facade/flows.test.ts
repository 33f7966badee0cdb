/**
 * Fetching and submitting flows: ids are validated before any Ory call, Ory's answers map to the contract.
 */
import { randomUUID } from 'node:crypto';
import { useFacade, errorCode } from '../harness/facade';
import { SIGN_IN, loginFlowId, newUser, registrationFlowId } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend({ profile: 'shortLived' }));

beforeEach(() => {
  env.backend.resetCalls();
});

const LOGIN_FLOW = `query ($id: ID!) {
  loginFlow(id: $id) {
    id type state refresh requestedAal csrfToken requestUrl expiresAt issuedAt
    ui { action method messages { id } nodes { type group messages { id } meta { label { id text type } }
      attributes { __typename ... on UiNodeInputAttributes { name type value required disabled autocomplete } } } }
  }
}`;

describe('flow ids', () => {
  it.each(['not-a-uuid', '../sessions/whoami', 'x?include_credential=password', 'a'.repeat(10_000)])(
    'refuses %s with BAD_USER_INPUT and no Ory call',
    async (id) => {
      const res = await env.facade.gql('query ($id: ID!) { loginFlow(id: $id) { id } }', { id });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(env.backend.calls()).toEqual([]);
    },
  );

  it('refuses a malformed flow id on submit with no Ory call', async () => {
    const res = await env.facade.gql(SIGN_IN, { flowId: 'nope', identifier: 'a@b.test', password: 'x' });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('flowId');
    expect(env.backend.calls()).toEqual([]);
  });

  it('answers an unknown flow id with NOT_FOUND', async () => {
    const res = await env.facade.gql('query ($id: ID!) { loginFlow(id: $id) { id } }', { id: randomUUID() });
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(env.backend.calls()).toHaveLength(1);
  });

  it('answers an unknown registration flow id with NOT_FOUND', async () => {
    const res = await env.facade.gql('query ($id: ID!) { registrationFlow(id: $id) { id } }', {
      id: randomUUID(),
    });
    expect(errorCode(res)).toBe('NOT_FOUND');
  });
});

describe('login flows', () => {
  it('returns the flow with its UI nodes, as Ory built them', async () => {
    const id = await loginFlowId(env.facade);
    const res = await env.facade.gql(LOGIN_FLOW, { id });
    expect(res.errors).toBeUndefined();
    const flow = res.data?.loginFlow;
    expect(flow).toMatchObject({
      id,
      type: 'NATIVE',
      state: 'CHOOSE_METHOD',
      refresh: false,
      requestedAal: 'AAL1',
    });
    expect(flow.csrfToken).toBe('');
    expect(flow.ui.method).toBe('POST');
    expect(flow.ui.action).toContain(`flow=${id}`);
    const names = flow.ui.nodes.map((node: { attributes: { name: string } }) => node.attributes.name);
    expect(names).toEqual(expect.arrayContaining(['csrf_token', 'identifier', 'password', 'method']));
    const password = flow.ui.nodes.find(
      (node: { attributes: { name: string } }) => node.attributes.name === 'password',
    );
    expect(password).toMatchObject({
      type: 'INPUT',
      group: 'password',
      attributes: {
        __typename: 'UiNodeInputAttributes',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
      },
      meta: { label: { id: 1070001, type: 'INFO' } },
    });
  });

  it('refuses a submission without a method with BAD_USER_INPUT and no Ory call', async () => {
    const id = await loginFlowId(env.facade);
    env.backend.resetCalls();
    const res = await env.facade.gql(
      'mutation ($id: ID!) { updateLoginFlow(input: { flowId: $id }) { __typename } }',
      { id },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it('sends native submissions without Cookie or Origin', async () => {
    const id = await loginFlowId(env.facade);
    env.backend.resetCalls();
    await env.facade.gql(
      SIGN_IN,
      { flowId: id, identifier: 'nobody@example.test', password: 'whatever-123' },
      { headers: { Cookie: 'ory_kratos_session=abc; csrf_token_x=y', Origin: 'https://app.example.test' } },
    );
    const submits = env.backend.calls().filter((call) => call.method === 'POST');
    expect(submits).toHaveLength(1);
    expect(submits[0]?.headers.cookie).toBeUndefined();
    expect(submits[0]?.headers.origin).toBeUndefined();
  });

  it('answers a submission of an expired flow with FlowExpired and the replacement flow', async () => {
    const id = await loginFlowId(env.facade);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const res = await env.facade.gql(
      `mutation ($id: ID!) { updateLoginFlow(input: { flowId: $id, password: { identifier: "a@b.test", password: "x-x-x-x-x" } }) {
        __typename ... on FlowExpired { useFlowId expiredAt flow { __typename id ui { messages { id } } } } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const expired = res.data?.updateLoginFlow;
    expect(expired.__typename).toBe('FlowExpired');
    expect(expired.useFlowId).not.toBe(id);
    expect(expired.flow).toMatchObject({ __typename: 'LoginFlow', id: expired.useFlowId });
    expect(expired.flow.ui.messages.map((m: { id: number }) => m.id)).toContain(4010001);
  });

  it('answers a fetch of an expired flow with FLOW_EXPIRED', async () => {
    const id = await registrationFlowId(env.facade);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const res = await env.facade.gql('query ($id: ID!) { registrationFlow(id: $id) { id } }', { id });
    expect(errorCode(res)).toBe('FLOW_EXPIRED');
  });
});

describe('flow creation', () => {
  it('creates native login and registration flows', async () => {
    const res = await env.facade.gql(
      'mutation { l: createLoginFlow(input: { client: NATIVE }) { id type } r: createRegistrationFlow { id type ui { nodes { attributes { ... on UiNodeInputAttributes { name } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.l.type).toBe('NATIVE');
    expect(res.data?.r.type).toBe('NATIVE');
    const names = res.data?.r.ui.nodes.map((node: { attributes: { name: string } }) => node.attributes.name);
    expect(names).toEqual(expect.arrayContaining(['traits.email', 'password', 'method']));
  });

  it("refuses an invalid aal with BAD_USER_INPUT carrying Ory's reason", async () => {
    const res = await env.facade.gql('mutation { createLoginFlow(input: { aal: "aal0" }) { id } }');
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('refuses a login flow for a signed-in caller unless it refreshes', async () => {
    const user = newUser('Finn');
    const flowId = await registrationFlowId(env.facade);
    const signUp = await env.facade.gql(
      `mutation ($flowId: ID!, $traits: JSONObject!) { updateRegistrationFlow(input: { flowId: $flowId, password: { password: "Correct-Horse-77", traits: $traits } }) { ... on RegistrationSuccess { sessionToken } } }`,
      { flowId, traits: { email: user.email } },
    );
    const token = signUp.data?.updateRegistrationFlow.sessionToken;
    const plain = await env.facade.gql('mutation { createLoginFlow { id } }', {}, { token });
    expect(errorCode(plain)).toBe('BAD_USER_INPUT');
    expect(plain.errors?.[0]?.extensions?.ory).toMatchObject({ id: 'session_already_available' });
    // Ory's own words say what happened, not a generic "The input is invalid."
    expect(plain.errors?.[0]?.message).toMatch(/valid session was detected/i);
    const recovery = await env.facade.gql('mutation { createRecoveryFlow { id } }', {}, { token });
    expect(errorCode(recovery)).toBe('BAD_USER_INPUT');
    expect(recovery.errors?.[0]?.message).toMatch(/valid session was detected/i);
    const refresh = await env.facade.gql(
      'mutation { createLoginFlow(input: { refresh: true }) { id refresh } }',
      {},
      { token },
    );
    expect(refresh.errors).toBeUndefined();
    expect(refresh.data?.createLoginFlow.refresh).toBe(true);
  });
});

describe('flow errors', () => {
  it('returns the error Ory stored for a browser, and null for an unknown id', async () => {
    // A browser posting a form to an unknown flow is sent to Ory's error UI with the id of a stored error.
    const res = await fetch(`${env.backend.publicUrl}/self-service/login?flow=${randomUUID()}`, {
      method: 'POST',
      headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'method=password&identifier=a%40b.test&password=x',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const errorId = new URL(res.headers.get('location') ?? '').searchParams.get('id');
    const found = await env.facade.gql('query ($id: ID!) { flowError(id: $id) { id error createdAt } }', {
      id: errorId,
    });
    expect(found.errors).toBeUndefined();
    expect(found.data?.flowError).toMatchObject({
      id: errorId,
      error: expect.objectContaining({ code: 404 }),
    });

    const missing = await env.facade.gql('query ($id: ID!) { flowError(id: $id) { id } }', {
      id: randomUUID(),
    });
    expect(missing.data).toEqual({ flowError: null });
  });
});
