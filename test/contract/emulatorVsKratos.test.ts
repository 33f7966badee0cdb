/**
 * The emulator against real Kratos, call by call. Scenarios drive the facade through every Ory call it makes
 * (self-service for native and browser clients with every method the emulator has, sessions, administration),
 * once over the emulator and once over real Kratos of the same profile, each behind a recording proxy that keeps
 * Ory's answers. Then, step by step, the answers are compared by what a client relies on: status, the headers
 * that matter, JSON keys and value types, UI nodes and message ids (test/contract/answerDiff.ts). A difference
 * fails with a readable list; Kratos is right. A last check fails when src/ory calls an SDK method that no step
 * exercised (sdkOperations.ts).
 *
 * It needs both backends, so it runs in `npm run test:kratos` and is skipped by `npm test`.
 */
import { randomUUID } from 'node:crypto';
import { CookieJar } from '../harness/cookieJar';
import { courierCode, usingExternalOry } from '../harness/oryBackend';
import type { ProfileName } from '../kratos/profiles';
import { METHOD_STEPS } from './conformanceMethodSteps';
import {
  PASSWORD,
  admin,
  emulatorWorld,
  kratosWorld,
  ok,
  runSteps,
  send,
  stepDiff,
  token,
  value,
  type Step,
  type World,
} from './conformanceWorld';
import { facadeSdkCalls, operationOf } from './sdkOperations';

const STEPS: Step[] = [
  {
    name: 'identity schemas: list, one, unknown',
    async run(w) {
      await ok(w, '{ identitySchemas { id } }');
      await ok(w, '{ identitySchema(id: "default") { id } }');
      await ok(w, '{ identitySchema(id: "no-such-schema") { id } }');
    },
  },
  {
    name: 'native registration: create, fetch, too-short password, success',
    async run(w) {
      const flow = await ok(w, 'mutation { createRegistrationFlow { id } }');
      const id: string = flow.createRegistrationFlow.id;
      await ok(w, 'query ($id: ID!) { registrationFlow(id: $id) { id } }', { id });
      const submit = `mutation ($id: ID!, $pw: String!, $traits: JSONObject!) {
        updateRegistrationFlow(input: { flowId: $id, password: { password: $pw, traits: $traits } }) {
          __typename ... on RegistrationSuccess { sessionToken identity { id } } } }`;
      const email = value(w, 'email');
      await ok(w, submit, { id, pw: 'short', traits: { email } });
      const done = await ok(w, submit, {
        id,
        pw: PASSWORD,
        traits: { email, name: { first: 'Con', last: 'Form' } },
      });
      w.state.set('token', done.updateRegistrationFlow.sessionToken);
      w.state.set('identityId', done.updateRegistrationFlow.identity.id);
    },
  },
  {
    name: 'whoami: signed in, unknown token',
    async run(w) {
      await ok(w, '{ me { id } }', {}, token(w));
      await ok(w, '{ me { id } }', {}, { token: `ory_st_${'0'.repeat(32)}` });
    },
  },
  {
    name: 'session JWTs: a template with claims, an unknown template',
    async run(w) {
      await ok(w, '{ me { tokenized(template: "ory-graphql-test-claims") } }', {}, token(w));
      await send(w, '{ me { tokenized(template: "no-such-template") } }', {}, token(w));
    },
  },
  {
    name: 'native login: create, fetch, wrong password, success',
    async run(w) {
      const flow = await ok(w, 'mutation { createLoginFlow { id } }');
      const id: string = flow.createLoginFlow.id;
      await ok(w, 'query ($id: ID!) { loginFlow(id: $id) { id } }', { id });
      const submit = `mutation ($id: ID!, $pw: String!, $email: String!) {
        updateLoginFlow(input: { flowId: $id, password: { identifier: $email, password: $pw } }) {
          __typename ... on LoginSuccess { sessionToken session { id } } } }`;
      await ok(w, submit, { id, pw: 'Wrong-Password-1', email: value(w, 'email') });
      const done = await ok(w, submit, { id, pw: PASSWORD, email: value(w, 'email') });
      w.state.set('secondToken', done.updateLoginFlow.sessionToken);
      w.state.set('secondSessionId', done.updateLoginFlow.session.id);
    },
  },
  {
    name: 'my sessions: list, revoke one, revoke the others',
    async run(w) {
      await ok(w, '{ mySessions(first: 10) { nodes { id } } }', {}, token(w));
      await ok(
        w,
        'mutation ($id: ID!) { disableMySession(id: $id) }',
        { id: value(w, 'secondSessionId') },
        token(w),
      );
      await ok(w, 'mutation { disableMyOtherSessions }', {}, token(w));
    },
  },
  {
    name: 'native settings: create, fetch, profile, password too short',
    async run(w) {
      const flow = await ok(w, 'mutation { createSettingsFlow { id } }', {}, token(w));
      const id: string = flow.createSettingsFlow.id;
      await ok(w, 'query ($id: ID!) { settingsFlow(id: $id) { id } }', { id }, token(w));
      const update = `mutation ($input: UpdateSettingsFlowInput!) { updateSettingsFlow(input: $input) { __typename } }`;
      const traits = { email: value(w, 'email'), name: { first: 'Con', last: 'Changed' } };
      await ok(w, update, { input: { flowId: id, profile: { traits } } }, token(w));
      await ok(w, update, { input: { flowId: id, password: { password: 'short' } } }, token(w));
    },
  },
  {
    name: 'native recovery: create, fetch, send code, wrong code, right code',
    async run(w) {
      const flow = await ok(w, 'mutation { createRecoveryFlow { id } }');
      const id: string = flow.createRecoveryFlow.id;
      await ok(w, 'query ($id: ID!) { recoveryFlow(id: $id) { id } }', { id });
      const submit = `mutation ($id: ID!, $email: String, $code: String) {
        updateRecoveryFlow(input: { flowId: $id, code: { email: $email, code: $code } }) { __typename } }`;
      await ok(w, submit, { id, email: value(w, 'email') });
      const code = await courierCode(w.backend, value(w, 'email'));
      await ok(w, submit, { id, code: code === '000000' ? '111111' : '000000' });
      await ok(w, submit, { id, code });
    },
  },
  {
    name: 'native verification: create, fetch, send code, right code',
    async run(w) {
      const flow = await ok(w, 'mutation { createVerificationFlow { id } }');
      const id: string = flow.createVerificationFlow.id;
      await ok(w, 'query ($id: ID!) { verificationFlow(id: $id) { id } }', { id });
      const submit = `mutation ($id: ID!, $email: String, $code: String) {
        updateVerificationFlow(input: { flowId: $id, code: { email: $email, code: $code } }) { __typename } }`;
      await ok(w, submit, { id, email: value(w, 'email') });
      await ok(w, submit, { id, code: await courierCode(w.backend, value(w, 'email')) });
    },
  },
  {
    name: 'browser login: create, fetch with the cookie, success, settings flow, logout flow, logout',
    async run(w) {
      const jar = w.jar;
      const flow = await ok(
        w,
        'mutation { createLoginFlow(input: { client: BROWSER }) { id csrfToken } }',
        {},
        { jar },
      );
      const { id, csrfToken } = flow.createLoginFlow;
      await ok(w, 'query ($id: ID!) { loginFlow(id: $id) { id } }', { id }, { jar });
      await ok(
        w,
        `mutation ($id: ID!, $csrf: String!, $email: String!, $pw: String!) {
          updateLoginFlow(input: { flowId: $id, csrfToken: $csrf, password: { identifier: $email, password: $pw } }) { __typename } }`,
        { id, csrf: csrfToken, email: value(w, 'email'), pw: PASSWORD },
        { jar },
      );
      await ok(w, 'mutation { createSettingsFlow(input: { client: BROWSER }) { id } }', {}, { jar });
      await ok(w, '{ logoutFlow { logoutToken } }', {}, { jar });
      await ok(w, 'mutation { logout { loggedOut } }', {}, { jar });
    },
  },
  {
    name: 'browser registration, recovery and verification flows: create',
    async run(w) {
      const jar = new CookieJar();
      for (const kind of ['Registration', 'Recovery', 'Verification']) {
        await ok(w, `mutation { create${kind}Flow(input: { client: BROWSER }) { id } }`, {}, { jar });
      }
    },
  },
  {
    name: 'flow error: unknown id',
    async run(w) {
      await ok(w, 'query ($id: ID!) { flowError(id: $id) { id } }', { id: randomUUID() });
    },
  },
  {
    name: 'admin identities: create, get, list, filter, update, patch',
    async run(w) {
      const created = await ok(
        w,
        `mutation ($input: CreateIdentityInput!) { createIdentity(input: $input) { id } }`,
        {
          input: {
            schemaId: 'default',
            traits: { email: value(w, 'adminEmail') },
            password: PASSWORD,
            metadataPublic: { plan: 'free' },
            verifiedAddresses: true,
          },
        },
        admin,
      );
      const id: string = created.createIdentity.id;
      w.state.set('adminIdentityId', id);
      await ok(
        w,
        'query ($id: ID!) { identity(id: $id, includeCredentials: [PASSWORD]) { id credentials { type } } }',
        { id },
        admin,
      );
      // Lists only this run's identity: Kratos holds other tests' identities, whose traits differ (and a page of
      // two would depend on how the random ids sort).
      await ok(
        w,
        'query ($ids: [ID!]) { identities(first: 1, filter: { ids: $ids }) { nodes { id } } }',
        { ids: [id] },
        admin,
      );
      await ok(
        w,
        'query ($email: String) { identities(first: 5, filter: { credentialsIdentifier: $email }) { nodes { id } } }',
        { email: value(w, 'adminEmail') },
        admin,
      );
      await ok(
        w,
        'mutation ($input: UpdateIdentityInput!) { updateIdentity(input: $input) { id } }',
        { input: { id, traits: { email: value(w, 'adminEmail'), name: { first: 'Ad' } }, state: 'ACTIVE' } },
        admin,
      );
      await ok(
        w,
        'mutation ($id: ID!) { patchIdentity(input: { id: $id, operations: [{ op: REPLACE, path: "/metadata_public", value: { plan: "pro" } }] }) { id } }',
        { id },
        admin,
      );
    },
  },
  {
    name: 'admin sessions: list, get, extend, revoke, revoke all of an identity',
    async run(w) {
      const me = await ok(w, '{ me { id } }', {}, token(w));
      const sessionId: string = me.me.id;
      await ok(w, '{ sessions(first: 2, active: true) { nodes { id } } }', {}, admin);
      await ok(w, 'query ($id: ID!) { session(id: $id) { id } }', { id: sessionId }, admin);
      await ok(w, 'mutation ($id: ID!) { extendSession(id: $id) { id } }', { id: sessionId }, admin);
      await ok(
        w,
        'query ($id: ID!) { identity(id: $id) { sessions(first: 5) { nodes { id } } } }',
        { id: value(w, 'identityId') },
        admin,
      );
      await ok(
        w,
        'mutation ($id: ID!) { disableSession(id: $id) }',
        { id: value(w, 'secondSessionId') },
        admin,
      );
      await send(
        w,
        'mutation ($id: ID!) { deleteIdentitySessions(identityId: $id) }',
        { id: value(w, 'adminIdentityId') },
        admin,
      );
    },
  },
  {
    name: 'admin recovery: code, link; courier messages',
    async run(w) {
      const identityId = value(w, 'adminIdentityId');
      await send(
        w,
        'mutation ($id: ID!) { createRecoveryCodeForIdentity(input: { identityId: $id }) { recoveryCode } }',
        { id: identityId },
        admin,
      );
      await send(
        w,
        'mutation ($id: ID!) { createRecoveryLinkForIdentity(input: { identityId: $id }) { recoveryLink } }',
        { id: identityId },
        admin,
      );
      await ok(
        w,
        'query ($to: String) { courierMessages(first: 2, recipient: $to) { nodes { id } } }',
        { to: value(w, 'email') },
        admin,
      );
    },
  },
  {
    name: 'admin deletions: a credential, an identity, an unknown identity',
    async run(w) {
      const id = value(w, 'adminIdentityId');
      await send(
        w,
        'mutation ($id: ID!) { deleteIdentityCredentials(input: { id: $id, type: PASSWORD }) { id } }',
        { id },
        admin,
      );
      await ok(w, 'mutation ($id: ID!) { deleteIdentity(id: $id) }', { id }, admin);
      await send(w, 'mutation ($id: ID!) { deleteIdentity(id: $id) }', { id: randomUUID() }, admin);
    },
  },
  {
    name: 'native logout',
    async run(w) {
      await ok(w, 'mutation { logout { loggedOut } }', {}, token(w));
      await ok(w, '{ me { id } }', {}, token(w));
    },
  },
];

const ALL_STEPS: readonly Step[] = [...STEPS, ...METHOD_STEPS];
const profileOf = (step: Step): ProfileName => step.profile ?? 'standard';
const PROFILES_USED = [...new Set(ALL_STEPS.map(profileOf))];

/** Both runs of a profile use the same addresses (fresh for each test run): answers may depend on them. */
function seed(world: World, profile: ProfileName, suffix: string): void {
  world.state.set('email', `conform-${profile.toLowerCase()}-${suffix}@example.test`);
  world.state.set('adminEmail', `conform-admin-${suffix}@example.test`);
  world.state.set('codeEmail', `conform-code-${suffix}@example.test`);
}

const suite = usingExternalOry ? describe : describe.skip;

suite('the emulator answers every call the facade makes as Kratos does (needs npm run test:kratos)', () => {
  const worlds = new Map<ProfileName, { emulator: World; kratos: World }>();

  beforeAll(async () => {
    const suffix = randomUUID().slice(0, 8);
    for (const profile of PROFILES_USED) {
      const pair = { emulator: await emulatorWorld(profile), kratos: await kratosWorld(profile) };
      worlds.set(profile, pair);
      const steps = ALL_STEPS.filter((step) => profileOf(step) === profile);
      for (const world of [pair.emulator, pair.kratos]) {
        seed(world, profile, suffix);
        await runSteps(world, steps);
      }
    }
  }, 120_000);

  afterAll(async () => {
    for (const pair of worlds.values()) {
      await pair.emulator.close();
      await pair.kratos.close();
    }
  });

  it.each(ALL_STEPS.map((step) => [`${profileOf(step)}: ${step.name}`, step] as const))(
    '%s',
    (_name, step) => {
      const pair = worlds.get(profileOf(step));
      if (pair === undefined) throw new Error('the scenario did not run');
      expect(stepDiff(pair.emulator, pair.kratos, step.name).join('\n')).toBe('');
    },
  );

  it('compares every Ory SDK method src/ory calls', () => {
    const called = facadeSdkCalls();
    // A scan that found nothing would pass for the wrong reason.
    expect(called).toEqual(expect.arrayContaining(['toSession', 'updateLoginFlow', 'listIdentities']));
    const compared = new Set<string>();
    for (const pair of worlds.values()) {
      for (const { calls } of pair.kratos.steps.values()) {
        for (const call of calls) compared.add(operationOf(call) ?? `${call.method} ${call.path}`);
      }
    }
    expect(called.filter((method) => !compared.has(method))).toEqual([]);
  });
});
