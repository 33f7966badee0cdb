/**
 * Native sign-up, sign-in, `me` and logout end to end: GraphQL -> env.facade -> @ory/client -> Ory over HTTP.
 */
import { useFacade, errorCode } from '../harness/facade';
import {
  SIGN_IN,
  SIGN_UP,
  loginFlowId,
  newUser,
  registrationFlowId,
  signIn,
  signUp,
} from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const ME = 'query { me { id active identity { id traits } } }';

describe('native sign-up', () => {
  it('returns a session token that makes me work, until logout', async () => {
    const user = newUser('Alice');
    const flowId = await registrationFlowId(env.facade);
    const res = await env.facade.gql(SIGN_UP, {
      flowId,
      password: user.password,
      traits: { email: user.email, name: user.name },
    });

    expect(res.errors).toBeUndefined();
    const success = res.data?.updateRegistrationFlow;
    expect(success.__typename).toBe('RegistrationSuccess');
    expect(success.sessionToken).toMatch(/^ory_st_/);
    expect(success.identity.traits).toEqual({ email: user.email, name: user.name });
    expect(success.session).toMatchObject({ active: true, identity: { id: success.identity.id } });
    expect(success.continueWith).toContainEqual({
      __typename: 'ContinueWithSetOrySessionToken',
      orySessionToken: success.sessionToken,
    });

    const me = await env.facade.gql(ME, {}, { token: success.sessionToken });
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toMatchObject({
      active: true,
      identity: { id: success.identity.id, traits: { email: user.email } },
    });

    const logout = await env.facade.gql(
      'mutation { logout { loggedOut } }',
      {},
      { token: success.sessionToken },
    );
    expect(logout.errors).toBeUndefined();
    expect(logout.data?.logout).toEqual({ loggedOut: true });

    const after = await env.facade.gql(ME, {}, { token: success.sessionToken });
    expect(after.errors).toBeUndefined();
    expect(after.data?.me).toBeNull();
  });

  it('answers a duplicate identifier with the flow carrying message 4000007', async () => {
    const user = newUser('Bob');
    await signUp(env.facade, user);
    const flowId = await registrationFlowId(env.facade);
    const res = await env.facade.gql(SIGN_UP, {
      flowId,
      password: user.password,
      traits: { email: user.email },
    });

    expect(res.errors).toBeUndefined();
    const flow = res.data?.updateRegistrationFlow;
    expect(flow.__typename).toBe('RegistrationFlow');
    expect(flow.id).toBe(flowId);
    expect(flow.ui.messages.map((m: { id: number }) => m.id)).toContain(4000007);
  });

  it('puts trait validation messages on the trait node', async () => {
    const flowId = await registrationFlowId(env.facade);
    const res = await env.facade.gql(SIGN_UP, {
      flowId,
      password: 'Correct-Horse-42',
      traits: { email: 'not-an-email' },
    });

    expect(res.errors).toBeUndefined();
    const flow = res.data?.updateRegistrationFlow;
    expect(flow.__typename).toBe('RegistrationFlow');
    const emailNode = flow.ui.nodes.find(
      (node: { attributes: { name?: string } }) => node.attributes.name === 'traits.email',
    );
    expect(emailNode.attributes.value).toBe('not-an-email');
    expect(emailNode.messages.length).toBeGreaterThan(0);
  });

  it('refuses a logout without a session token with UNAUTHENTICATED', async () => {
    const res = await env.facade.gql('mutation { logout { loggedOut } }');
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});

describe('native sign-in', () => {
  it('returns a session token and the session for the right password', async () => {
    const user = newUser('Carol');
    const { identityId } = await signUp(env.facade, user);
    const flowId = await loginFlowId(env.facade);
    const res = await env.facade.gql(SIGN_IN, { flowId, identifier: user.email, password: user.password });

    expect(res.errors).toBeUndefined();
    const success = res.data?.updateLoginFlow;
    expect(success.__typename).toBe('LoginSuccess');
    expect(success.sessionToken).toMatch(/^ory_st_/);
    expect(success.session.identity.id).toBe(identityId);
    expect(success.continueWith).toEqual([]);
  });

  it('answers a wrong password with the LoginFlow carrying 4000006, not an error', async () => {
    const user = newUser('Dave');
    await signUp(env.facade, user);
    const flowId = await loginFlowId(env.facade);
    const res = await env.facade.gql(SIGN_IN, {
      flowId,
      identifier: user.email,
      password: 'wrong-password-1',
    });

    expect(res.errors).toBeUndefined();
    const flow = res.data?.updateLoginFlow;
    expect(flow.__typename).toBe('LoginFlow');
    expect(flow.id).toBe(flowId);
    expect(flow.ui.messages).toEqual([expect.objectContaining({ id: 4000006, type: 'ERROR' })]);
    const identifier = flow.ui.nodes.find(
      (n: { attributes: { name?: string } }) => n.attributes.name === 'identifier',
    );
    expect(identifier.attributes.value).toBe(user.email);
    const password = flow.ui.nodes.find(
      (n: { attributes: { name?: string } }) => n.attributes.name === 'password',
    );
    expect(password.attributes.value ?? null).toBeNull();
  });

  it('gives two sign-ins two different sessions', async () => {
    const user = newUser('Erin');
    await signUp(env.facade, user);
    const first = await signIn(env.facade, user);
    const second = await signIn(env.facade, user);
    expect(first).not.toBe(second);
    const me = await env.facade.gql('{ me { id } }', {}, { token: second });
    expect(me.data?.me.id).toEqual(expect.any(String));
  });
});
