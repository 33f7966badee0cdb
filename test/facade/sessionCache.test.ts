/**
 * The session cache of one process (SESSION_CACHE_TTL, no Redis): `me` costs one Ory call per credential and TTL,
 * by token or by cookie; refusals are never kept; what the caller changes through the facade drops the cached
 * sessions of the caller's identity at once. (Replicas sharing invalidations: test/scaling/replicas.test.ts.)
 */
import { CookieJar } from '../harness/cookieJar';
import { useFacade } from '../harness/facade';
import { browserSignUp, newUser, signIn, signUp } from '../harness/fixtures';
import { startOryBackend } from '../harness/oryBackend';
import { callsOf, whoamiCalls } from '../harness/upstreamCalls';

const env = useFacade(() => startOryBackend(), { SESSION_CACHE_TTL: '60' });

const ME = 'query { me { id identity { id } } }';

it('asks Ory once per session token, then answers me from the cache', async () => {
  const { token, identityId } = await signUp(env.facade, newUser('CachedToken'));
  const first = await callsOf(env.backend, async () => {
    expect((await env.facade.gql(ME, {}, { token })).data?.me.identity.id).toBe(identityId);
  });
  expect(whoamiCalls(first)).toBe(1);
  const again = await callsOf(env.backend, async () => {
    for (let i = 0; i < 3; i += 1)
      expect((await env.facade.gql(ME, {}, { token })).data?.me.identity.id).toBe(identityId);
  });
  expect(again).toEqual([]);
});

it('caches by session cookie too, without mixing callers', async () => {
  const jar = new CookieJar();
  const identityId = await browserSignUp(env.facade, newUser('CachedCookie'), jar);
  const other = await signUp(env.facade, newUser('Other'));
  await env.facade.gql(ME, {}, { jar });
  const calls = await callsOf(env.backend, async () => {
    expect((await env.facade.gql(ME, {}, { jar })).data?.me.identity.id).toBe(identityId);
    expect((await env.facade.gql(ME, {}, { token: other.token })).data?.me.identity.id).toBe(
      other.identityId,
    );
  });
  // The cookie's session came from the cache; the other caller's was asked for.
  expect(whoamiCalls(calls)).toBe(1);
});

it('keys the cache on every session cookie sent, so a different set of session cookies is asked for', async () => {
  const jar = new CookieJar();
  const identityId = await browserSignUp(env.facade, newUser('CookieSet'), jar);
  await env.facade.gql(ME, {}, { jar });
  // Ory Network names its session cookie ory_session_<project>: which one Ory reads is Ory's choice, not ours.
  const withAnother = `${jar.header()}; ory_session_otherproject=${'x'.repeat(40)}`;
  const calls = await callsOf(env.backend, async () => {
    const res = await env.facade.gql(ME, {}, { headers: { cookie: withAnother } });
    expect(res.data?.me.identity.id).toBe(identityId);
  });
  expect(whoamiCalls(calls)).toBe(1);
});

it('never keeps a refusal: an unknown token costs an Ory call every time', async () => {
  const token = `ory_st_${'x'.repeat(32)}`;
  const calls = await callsOf(env.backend, async () => {
    for (let i = 0; i < 2; i += 1) expect((await env.facade.gql(ME, {}, { token })).data?.me).toBeNull();
  });
  expect(whoamiCalls(calls)).toBe(2);
});

it("drops the cached sessions of the caller's identity after the caller's mutation", async () => {
  const user = newUser('Others');
  const { token: first } = await signUp(env.facade, user);
  const second = await signIn(env.facade, user);
  expect((await env.facade.gql(ME, {}, { token: second })).data?.me).not.toBeNull(); // cached
  const revoked = await env.facade.gql('mutation { disableMyOtherSessions }', {}, { token: first });
  expect(revoked.errors).toBeUndefined();
  expect(revoked.data?.disableMyOtherSessions).toBe(1);
  const calls = await callsOf(env.backend, async () => {
    expect((await env.facade.gql(ME, {}, { token: second })).data?.me).toBeNull();
  });
  expect(whoamiCalls(calls)).toBe(1);
});
