/**
 * Typed traits: `Identity.profile` typed from the identity schemas, `profile` inputs for registration and
 * settings checked against the identity schema before Ory is called, and (TRAITS_SCHEMAS=served) the schemas Ory
 * serves at start-up, several of them making a union. Against the emulator and real Kratos (the standard profile
 * serves `default` and `with-roles`).
 */
import { randomUUID } from 'node:crypto';
import { errorCode, startFacade, useFacade, type Facade } from '../harness/facade';
import { newUser, registrationFlowId, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

const REGISTER = `mutation ($flowId: ID!, $password: String!, $profile: DefaultTraitsInput, $traits: JSONObject) {
  updateRegistrationFlow(input: { flowId: $flowId, password: { password: $password, profile: $profile, traits: $traits } }) {
    __typename
    ... on RegistrationSuccess { sessionToken identity { id traits profile { email name { first last } } } }
  }
}`;

const email = (name: string) => `${name}-${randomUUID()}@example.test`;

describe('Identity.profile', () => {
  it("gives the caller's traits typed by the identity schema", async () => {
    const user = newUser('Typed');
    const { token } = await signUp(env.facade, user);
    const me = await env.facade.gql(
      '{ me { identity { traits profile { email name { first last } } } } }',
      {},
      { token },
    );
    expect(me.errors).toBeUndefined();
    const identity = me.data?.me.identity;
    expect(identity.profile).toEqual({
      email: user.email,
      name: { first: user.name.first, last: user.name.last },
    });
    expect(identity.traits).toEqual({ email: user.email, name: user.name });
  });
});

describe('profile inputs', () => {
  it('signs up with typed traits instead of JSON', async () => {
    const address = email('typed-sign-up');
    const res = await env.facade.gql(REGISTER, {
      flowId: await registrationFlowId(env.facade),
      password: `Typed-${randomUUID()}`,
      profile: { email: address, name: { first: 'Ada' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRegistrationFlow).toMatchObject({
      __typename: 'RegistrationSuccess',
      identity: {
        traits: { email: address, name: { first: 'Ada' } },
        profile: { email: address, name: { first: 'Ada', last: null } },
      },
    });
  });

  it('refuses traits that break the identity schema with BAD_USER_INPUT, before any Ory call', async () => {
    const flowId = await registrationFlowId(env.facade);
    env.backend.resetCalls();
    const res = await env.facade.gql(REGISTER, {
      flowId,
      password: `Typed-${randomUUID()}`,
      profile: { email: 'not-an-email' },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('password.profile');
    expect(res.errors?.[0]?.message).toMatch(
      /identity schema "default": profile.email must match format "email"/,
    );
    expect(env.backend.calls()).toEqual([]);
  });

  it('wants exactly one of traits and profile', async () => {
    const flowId = await registrationFlowId(env.facade);
    env.backend.resetCalls();
    const address = email('both');
    const both = await env.facade.gql(REGISTER, {
      flowId,
      password: `Typed-${randomUUID()}`,
      profile: { email: address },
      traits: { email: address },
    });
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    const neither = await env.facade.gql(REGISTER, { flowId, password: `Typed-${randomUUID()}` });
    expect(errorCode(neither)).toBe('BAD_USER_INPUT');
    expect(neither.errors?.[0]?.extensions?.field).toBe('password');
    expect(env.backend.calls()).toEqual([]);
  });

  it('changes the profile in settings with typed traits', async () => {
    const user = newUser('TypedSettings');
    const { token } = await signUp(env.facade, user);
    const flow = await env.facade.gql('mutation { createSettingsFlow { id } }', {}, { token });
    const res = await env.facade.gql(
      `mutation ($input: UpdateSettingsFlowInput!) { updateSettingsFlow(input: $input) {
        __typename ... on SettingsFlow { state identity { profile { email name { first } } } }
      } }`,
      {
        input: {
          flowId: flow.data?.createSettingsFlow.id,
          profile: { profile: { email: user.email, name: { first: 'Grace' } } },
        },
      },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateSettingsFlow).toMatchObject({
      __typename: 'SettingsFlow',
      state: 'SUCCESS',
      identity: { profile: { email: user.email, name: { first: 'Grace' } } },
    });
  });
});

describe('profile inputs of the administration API', () => {
  it('creates and replaces an identity with typed traits, and refuses a profile typed for another schema', async () => {
    const address = email('admin-typed');
    const created = await env.facade.gql(
      `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) { id traits } }`,
      { input: { schemaId: 'default', profile: { email: address, name: { last: 'Lovelace' } } } },
      { admin: true },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createIdentity.traits).toEqual({ email: address, name: { last: 'Lovelace' } });

    const replaced = await env.facade.gql(
      `mutation ($input: UpdateIdentityInput!) { updateIdentity(input: $input) { profile { name { first last } } } }`,
      { input: { id: created.data?.createIdentity.id, profile: { email: address, name: { first: 'Ada' } } } },
      { admin: true },
    );
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data?.updateIdentity.profile).toEqual({ name: { first: 'Ada', last: null } });

    env.backend.resetCalls();
    const mismatch = await env.facade.gql(
      `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) { id } }`,
      { input: { schemaId: 'with-roles', profile: { email: email('mismatch') } } },
      { admin: true },
    );
    expect(errorCode(mismatch)).toBe('BAD_USER_INPUT');
    expect(mismatch.errors?.[0]?.extensions?.field).toBe('input.profile');
    expect(env.backend.calls()).toEqual([]);
  });
});

describe('TRAITS_SCHEMAS=served', () => {
  let served: Facade;

  beforeAll(async () => {
    served = await startFacade(env.backend, { TRAITS_SCHEMAS: 'served' });
  });

  afterAll(async () => {
    await served.stop();
  });

  it("types each identity's traits by its own schema: a union of the schemas Ory serves", async () => {
    const address = email('roles');
    const created = await served.gql(
      `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) {
        id profile { __typename ... on WithRolesTraits { email roles } ... on DefaultTraits { email } }
      } }`,
      { input: { schemaId: 'with-roles', traits: { email: address, roles: ['reader'] } } },
      { admin: true },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createIdentity.profile).toEqual({
      __typename: 'WithRolesTraits',
      email: address,
      roles: ['reader'],
    });

    const user = newUser('Union');
    const { token } = await signUp(served, user);
    const me = await served.gql(
      '{ me { identity { profile { __typename ... on DefaultTraits { email } } } } }',
      {},
      { token },
    );
    expect(me.data?.me.identity.profile).toEqual({ __typename: 'DefaultTraits', email: user.email });
  });

  it('takes typed traits for one named schema (@oneOf)', async () => {
    const address = email('one-of');
    const res = await served.gql(
      `mutation ($flowId: ID!, $password: String!, $profile: IdentityProfileInput!) {
        updateRegistrationFlow(input: { flowId: $flowId, password: { password: $password, profile: $profile } }) {
          __typename ... on RegistrationSuccess { identity { profile { ... on DefaultTraits { email } } } }
        }
      }`,
      {
        flowId: await registrationFlowId(served),
        password: `Typed-${randomUUID()}`,
        profile: { default: { email: address } },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRegistrationFlow.identity.profile).toEqual({ email: address });
  });
});
