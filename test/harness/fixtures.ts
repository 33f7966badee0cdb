/**
 * Named test users. Each test makes its own (unique email), so tests never share mutable state, and users are
 * created through the facade's own sign-up, which works the same against the emulator and a real Kratos.
 */
import { randomUUID } from 'node:crypto';
import type { CookieJar } from './cookieJar';
import type { Facade } from './facade';

export interface TestUser {
  email: string;
  password: string;
  name: { first: string; last: string };
}

export function newUser(first = 'Alice'): TestUser {
  return {
    email: `${first.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`,
    password: `Correct-Horse-${randomUUID().slice(0, 6)}`,
    name: { first, last: 'Tester' },
  };
}

export const SIGN_UP = /* GraphQL */ `
  mutation SignUp($flowId: ID!, $password: String!, $traits: JSONObject!) {
    updateRegistrationFlow(input: { flowId: $flowId, password: { password: $password, traits: $traits } }) {
      __typename
      ... on RegistrationSuccess {
        sessionToken
        identity {
          id
          traits
        }
        session {
          id
          active
          identity {
            id
          }
        }
        continueWith {
          __typename
          ... on ContinueWithSetOrySessionToken {
            orySessionToken
          }
          ... on ContinueWithVerificationUi {
            flow {
              id
              verifiableAddress
              url
            }
          }
        }
      }
      ... on RegistrationFlow {
        id
        ui {
          messages {
            id
            text
            type
          }
          nodes {
            messages {
              id
              text
            }
            attributes {
              ... on UiNodeInputAttributes {
                name
                value
              }
            }
          }
        }
      }
    }
  }
`;

export const SIGN_IN = /* GraphQL */ `
  mutation SignIn($flowId: ID!, $identifier: String!, $password: String!) {
    updateLoginFlow(input: { flowId: $flowId, password: { identifier: $identifier, password: $password } }) {
      __typename
      ... on LoginSuccess {
        sessionToken
        session {
          id
          identity {
            id
            traits
          }
        }
        continueWith {
          __typename
        }
      }
      ... on LoginFlow {
        id
        ui {
          messages {
            id
            text
            type
          }
          nodes {
            attributes {
              ... on UiNodeInputAttributes {
                name
                value
              }
            }
          }
        }
      }
    }
  }
`;

/** A browser sign-in by password: the flow's CSRF token goes with the jar's cookies. */
export const BROWSER_SIGN_IN = /* GraphQL */ `
  mutation ($id: ID!, $csrf: String!, $identifier: String!, $password: String!) {
    updateLoginFlow(
      input: { flowId: $id, csrfToken: $csrf, password: { identifier: $identifier, password: $password } }
    ) {
      __typename
      ... on LoginSuccess {
        sessionToken
        session {
          identity {
            id
          }
        }
      }
    }
  }
`;

/** Creates a native registration flow and returns its id. */
export async function registrationFlowId(facade: Facade): Promise<string> {
  const res = await facade.gql('mutation { createRegistrationFlow { id } }');
  expect(res.errors).toBeUndefined();
  return res.data?.createRegistrationFlow.id;
}

export async function loginFlowId(facade: Facade): Promise<string> {
  const res = await facade.gql('mutation { createLoginFlow { id } }');
  expect(res.errors).toBeUndefined();
  return res.data?.createLoginFlow.id;
}

/** Registers a user through the facade and returns its session token and identity id. */
export async function signUp(facade: Facade, user: TestUser): Promise<{ token: string; identityId: string }> {
  const flowId = await registrationFlowId(facade);
  const res = await facade.gql(SIGN_UP, {
    flowId,
    password: user.password,
    traits: { email: user.email, name: user.name },
  });
  expect(res.errors).toBeUndefined();
  const result = res.data?.updateRegistrationFlow;
  expect(result?.__typename).toBe('RegistrationSuccess');
  return { token: result.sessionToken, identityId: result.identity.id };
}

export async function signIn(facade: Facade, user: TestUser): Promise<string> {
  const flowId = await loginFlowId(facade);
  const res = await facade.gql(SIGN_IN, { flowId, identifier: user.email, password: user.password });
  expect(res.data?.updateLoginFlow.__typename).toBe('LoginSuccess');
  return res.data?.updateLoginFlow.sessionToken;
}

/** Registers a user through a browser flow: the jar ends up holding Ory's session and CSRF cookies. */
export async function browserSignUp(facade: Facade, user: TestUser, jar: CookieJar): Promise<string> {
  const created = await facade.gql(
    'mutation { createRegistrationFlow(input: { client: BROWSER }) { id csrfToken } }',
    {},
    { jar },
  );
  expect(created.errors).toBeUndefined();
  const { id, csrfToken } = created.data!.createRegistrationFlow;
  const res = await facade.gql(
    `mutation ($id: ID!, $csrf: String!, $password: String!, $traits: JSONObject!) {
      updateRegistrationFlow(input: { flowId: $id, csrfToken: $csrf, password: { password: $password, traits: $traits } }) {
        __typename ... on RegistrationSuccess { identity { id } sessionToken }
      }
    }`,
    { id, csrf: csrfToken, password: user.password, traits: { email: user.email, name: user.name } },
    { jar },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.updateRegistrationFlow.__typename).toBe('RegistrationSuccess');
  return res.data?.updateRegistrationFlow.identity.id;
}

/** Identities created in one call to Ory's admin API (`batchPatchIdentities`); returns their ids in order. */
export async function createIdentities(
  backend: { adminUrl: string; apiKey: string | null },
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      create: {
        schema_id: 'default',
        traits: { email: `fed-${start + i}-${Math.random().toString(36).slice(2, 10)}@example.test` },
      },
    }));
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (backend.apiKey !== null) headers.Authorization = `Bearer ${backend.apiKey}`;
    const response = await fetch(new URL('/admin/identities', backend.adminUrl), {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ identities: batch }),
    });
    const body = (await response.json()) as { identities: Array<{ action: string; identity?: string }> };
    for (const result of body.identities) {
      if (result.action !== 'create' || result.identity === undefined) throw new Error('batch create failed');
      ids.push(result.identity);
    }
  }
  return ids;
}
