/**
 * Identity administration through GraphQL: each IdentityApi operation, its bad-input case, pagination.
 */
import { randomUUID } from 'node:crypto';
import { useFacade, errorCode, type GqlResponse } from '../harness/facade';
import { SIGN_IN, createIdentities, loginFlowId, newUser, signUp, type TestUser } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

interface IdentityPage {
  identities: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

const IDENTITY_FIELDS =
  'id schemaId state traits metadataPublic metadataAdmin externalId verifiableAddresses { value verified status } credentials { type identifiers }';

async function createIdentity(user: TestUser, extra: Record<string, unknown> = {}) {
  const res = await env.facade.gql(
    `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) { ${IDENTITY_FIELDS} } }`,
    { input: { schemaId: 'default', traits: { email: user.email }, password: user.password, ...extra } },
    { admin: true },
  );
  expect(res.errors).toBeUndefined();
  return res.data?.createIdentity;
}

async function canSignIn(user: TestUser, password = user.password): Promise<boolean> {
  const res = await env.facade.gql(SIGN_IN, {
    flowId: await loginFlowId(env.facade),
    identifier: user.email,
    password,
  });
  return res.data?.updateLoginFlow.__typename === 'LoginSuccess';
}

describe('createIdentity', () => {
  it('creates an identity that can sign in with its password, with metadata and without exposing secrets', async () => {
    const user = newUser('Ada');
    const identity = await createIdentity(user, {
      metadataPublic: { plan: 'pro' },
      metadataAdmin: { note: 'vip' },
    });
    expect(identity).toMatchObject({
      schemaId: 'default',
      state: 'ACTIVE',
      traits: { email: user.email },
      metadataPublic: { plan: 'pro' },
      metadataAdmin: { note: 'vip' },
      credentials: [{ type: 'PASSWORD', identifiers: [user.email] }],
    });
    expect(await canSignIn(user)).toBe(true);
  });

  it('marks the addresses verified when asked', async () => {
    const identity = await createIdentity(newUser('Ben'), { verifiedAddresses: true });
    expect(identity.verifiableAddresses).toEqual([
      expect.objectContaining({ verified: true, status: 'completed' }),
    ]);
  });

  it("answers invalid traits with BAD_USER_INPUT and Ory's reason", async () => {
    const res = await env.facade.gql(
      'mutation { createIdentity(input: { schemaId: "default", traits: { email: 42 } }) { id } }',
      {},
      { admin: true },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.ory).toEqual(expect.objectContaining({ reason: expect.any(String) }));
  });
});

describe('identity and identities', () => {
  it('reads an identity by id, and null for an unknown id', async () => {
    const created = await createIdentity(newUser('Cat'));
    const res = await env.facade.gql(
      `query ($id: ID!, $unknown: ID!) { found: identity(id: $id) { id traits } missing: identity(id: $unknown) { id } }`,
      { id: created.id, unknown: randomUUID() },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ found: { id: created.id, traits: created.traits }, missing: null });
  });

  it('refuses a malformed id with BAD_USER_INPUT before any call', async () => {
    env.backend.resetCalls();
    const res = await env.facade.gql('{ identity(id: "42") { id } }', {}, { admin: true });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it('pages through identities with cursors, each exactly once', async () => {
    // Only this test's identities (an `ids` filter), so the walk holds whatever else Ory stores.
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await createIdentity(newUser(`Page${i}`))).id);
    const pages: string[][] = [];
    let after: string | null = null;
    do {
      const res: GqlResponse<IdentityPage> = await env.facade.gql(
        'query ($after: String, $ids: [ID!]) { identities(first: 2, after: $after, filter: { ids: $ids }) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after, ids },
        { admin: true },
      );
      expect(res.errors).toBeUndefined();
      const connection = res.data!.identities;
      pages.push(connection.nodes.map((node) => node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after !== null && pages.length < 5);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual([...ids].sort());
  });

  it("filters by 500 ids (Ory's maximum), a page at a time, although Ory repeats them all in its Link header", async () => {
    const ids = await createIdentities(env.backend, 500);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: GqlResponse<IdentityPage> = await env.facade.gql(
        'query ($after: String, $ids: [ID!]) { identities(first: 100, after: $after, filter: { ids: $ids }) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after, ids },
        { admin: true },
      );
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.identities.nodes.map((node) => node.id));
      after = res.data!.identities.pageInfo.hasNextPage ? res.data!.identities.pageInfo.endCursor : null;
    } while (after !== null && seen.length <= 500);
    expect(seen.sort()).toEqual([...ids].sort());
  }, 30_000);

  it('filters by ids and by credentials identifier', async () => {
    const user = newUser('Dot');
    const created = await createIdentity(user);
    const other = await createIdentity(newUser('Eli'));
    const res = await env.facade.gql(
      `query ($ids: [ID!], $email: String) {
        byIds: identities(first: 10, filter: { ids: $ids }) { nodes { id } }
        byEmail: identities(first: 10, filter: { credentialsIdentifier: $email }) { nodes { id } }
      }`,
      { ids: [created.id, other.id], email: user.email.toUpperCase() },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.byIds.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [created.id, other.id].sort(),
    );
    expect(res.data?.byEmail.nodes).toEqual([{ id: created.id }]);
  });

  it('refuses two filters at once with BAD_USER_INPUT before any call', async () => {
    env.backend.resetCalls();
    const res = await env.facade.gql(
      `{ identities(filter: { ids: ["${randomUUID()}"], credentialsIdentifier: "a@b.test" }) { nodes { id } } }`,
      {},
      { admin: true },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });
});

describe('updateIdentity and patchIdentity', () => {
  it('replaces the identity: omitted metadata is cleared', async () => {
    const user = newUser('Fay');
    const created = await createIdentity(user, { metadataPublic: { a: 1 }, metadataAdmin: { b: 2 } });
    const res = await env.facade.gql(
      `mutation ($input: UpdateIdentityInput!) { updateIdentity(input: $input) { traits metadataPublic metadataAdmin state } }`,
      { input: { id: created.id, traits: { email: user.email, name: { first: 'Fay' } }, state: 'INACTIVE' } },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateIdentity).toEqual({
      traits: { email: user.email, name: { first: 'Fay' } },
      metadataPublic: null,
      metadataAdmin: null,
      state: 'INACTIVE',
    });
    expect(await canSignIn(user)).toBe(false);
  });

  it('patches traits and metadata with add/replace/remove', async () => {
    const created = await createIdentity(newUser('Gus'), { metadataPublic: { roles: ['a'] } });
    const res = await env.facade.gql(
      `mutation ($input: PatchIdentityInput!) { patchIdentity(input: $input) { traits metadataPublic } }`,
      {
        input: {
          id: created.id,
          operations: [
            { op: 'ADD', path: '/traits/name', value: { first: 'Gustav' } },
            { op: 'REPLACE', path: '/metadata_public/roles', value: ['a', 'b'] },
          ],
        },
      },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.patchIdentity.traits.name).toEqual({ first: 'Gustav' });
    expect(res.data?.patchIdentity.metadataPublic).toEqual({ roles: ['a', 'b'] });
  });

  it('sets a new password with updateIdentity (Ory re-hashes it; a JSON Patch of the password does not)', async () => {
    const user = newUser('Hui');
    const created = await createIdentity(user, { metadataPublic: { keep: true } });
    const res = await env.facade.gql(
      `mutation ($input: UpdateIdentityInput!) { updateIdentity(input: $input) { id metadataPublic } }`,
      {
        input: {
          id: created.id,
          traits: { email: user.email },
          metadataPublic: { keep: true },
          password: 'Updated-Pass-4242',
        },
      },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateIdentity.metadataPublic).toEqual({ keep: true });
    expect(await canSignIn(user, 'Updated-Pass-4242')).toBe(true);
    expect(await canSignIn(user)).toBe(false);
  });

  it('refuses MOVE, COPY and TEST before any call', async () => {
    env.backend.resetCalls();
    const res = await env.facade.gql(
      `mutation { patchIdentity(input: { id: "${randomUUID()}", operations: [{ op: MOVE, from: "/traits/a", path: "/traits/b" }] }) { id } }`,
      {},
      { admin: true },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(env.backend.calls()).toEqual([]);
  });

  it('answers a denied patch path with BAD_USER_INPUT', async () => {
    const created = await createIdentity(newUser('Ida'));
    const res = await env.facade.gql(
      `mutation ($id: ID!) { patchIdentity(input: { id: $id, operations: [{ op: REPLACE, path: "/id", value: "x" }] }) { id } }`,
      { id: created.id },
      { admin: true },
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('deleting', () => {
  it('deletes an identity, then NOT_FOUND', async () => {
    const user = newUser('Jan');
    const { identityId, token } = await signUp(env.facade, user);
    const res = await env.facade.gql(
      'mutation ($id: ID!) { deleteIdentity(id: $id) }',
      { id: identityId },
      { admin: true },
    );
    expect(res.data).toEqual({ deleteIdentity: true });
    expect((await env.facade.gql('{ me { id } }', {}, { token })).data).toEqual({ me: null });
    const again = await env.facade.gql(
      'mutation ($id: ID!) { deleteIdentity(id: $id) }',
      { id: identityId },
      { admin: true },
    );
    expect(errorCode(again)).toBe('NOT_FOUND');
  });

  it('deletes a credential and refuses to delete the last first factor', async () => {
    const created = await createIdentity(newUser('Kim'));
    const res = await env.facade.gql(
      'mutation ($id: ID!) { deleteIdentityCredentials(input: { id: $id, type: PASSWORD }) { id credentials { type } } }',
      { id: created.id },
      { admin: true },
    );
    // The password is the identity's only first factor: Ory refuses.
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    const missing = await env.facade.gql(
      'mutation ($id: ID!) { deleteIdentityCredentials(input: { id: $id, type: TOTP }) { id } }',
      { id: created.id },
      { admin: true },
    );
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });
});

describe('recovery for an identity', () => {
  it('creates a recovery code the user can redeem in the flow it names', async () => {
    const user = newUser('Lea');
    const { identityId } = await signUp(env.facade, user);
    const res = await env.facade.gql(
      'mutation ($id: ID!) { createRecoveryCodeForIdentity(input: { identityId: $id, expiresIn: "1h", flowType: NATIVE }) { recoveryCode recoveryLink expiresAt } }',
      { id: identityId },
      { admin: true },
    );
    expect(res.errors).toBeUndefined();
    const { recoveryCode, recoveryLink } = res.data!.createRecoveryCodeForIdentity;
    expect(recoveryCode).toMatch(/^\d{6}$/);
    const flowId = new URL(recoveryLink).searchParams.get('flow');
    const redeemed = await env.facade.gql(
      'mutation ($id: ID!, $code: String!) { updateRecoveryFlow(input: { flowId: $id, code: { code: $code } }) { __typename ... on RecoveryFlow { state } } }',
      { id: flowId, code: recoveryCode },
    );
    expect(redeemed.data?.updateRecoveryFlow).toEqual({
      __typename: 'RecoveryFlow',
      state: 'PASSED_CHALLENGE',
    });
  });

  it("passes on Ory's refusal of recovery links while Ory's link method is disabled (its default)", async () => {
    const { identityId } = await signUp(env.facade, newUser('Lin'));
    const res = await env.facade.gql(
      'mutation ($id: ID!) { createRecoveryLinkForIdentity(input: { identityId: $id }) { recoveryLink } }',
      { id: identityId },
      { admin: true },
    );
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(res.errors?.[0]?.extensions?.ory).toMatchObject({ reason: expect.stringContaining('disabled') });
  });

  it('answers an unknown identity with NOT_FOUND', async () => {
    const res = await env.facade.gql(
      `mutation { createRecoveryCodeForIdentity(input: { identityId: "${randomUUID()}" }) { recoveryCode } }`,
      {},
      { admin: true },
    );
    expect(errorCode(res)).toBe('NOT_FOUND');
  });
});
