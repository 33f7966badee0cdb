/**
 * Recovery and verification by link (Ory `use: link`), for projects still on links: the submission mails a link
 * (the flow comes back in state `SENT_EMAIL`); opening it in the browser signs in (recovery) or verifies the
 * address (verification). Against the emulator and real Kratos (the `links` profile).
 */
import { CookieJar } from '../harness/cookieJar';
import { useFacade } from '../harness/facade';
import { UI_FIELDS, messageIds, type TestUi } from '../harness/flowNodes';
import { newUser, signUp } from '../harness/fixtures';
import { startOryBackend, type OryBackend } from '../harness/oryBackend';
import { followCallback } from '../harness/socialSignIn';

const env = useFacade(() => startOryBackend({ profile: 'links' }));

/** The newest link Ory mailed to `recipient`. */
async function mailedLink(backend: OryBackend, recipient: string): Promise<string> {
  const url = new URL('/admin/courier/messages', backend.adminUrl);
  url.searchParams.set('recipient', recipient);
  url.searchParams.set('page_size', '1');
  const [message] = (await (await fetch(url)).json()) as Array<{ body: string }>;
  const link = /https?:\/\/\S+/.exec(message?.body ?? '')?.[0];
  if (link === undefined) throw new Error(`no link mailed to ${recipient}`);
  return link;
}

it('recovers a browser account through the mailed link: the browser is signed in', async () => {
  const user = newUser('LinkRecovery');
  await signUp(env.facade, user);
  const jar = new CookieJar();
  const created = await env.facade.gql(
    'mutation { createRecoveryFlow(input: { client: BROWSER }) { id csrfToken } }',
    {},
    { jar },
  );
  const { id, csrfToken } = created.data!.createRecoveryFlow;
  const sent = await env.facade.gql(
    `mutation ($input: UpdateRecoveryFlowInput!) { updateRecoveryFlow(input: $input) { __typename ... on RecoveryFlow { state ui { ${UI_FIELDS} } } } }`,
    { input: { flowId: id, csrfToken, link: { email: user.email } } },
    { jar },
  );
  expect(sent.data?.updateRecoveryFlow).toMatchObject({ __typename: 'RecoveryFlow', state: 'SENT_EMAIL' });
  expect(messageIds(sent.data?.updateRecoveryFlow.ui as TestUi)).toContain(1060002);

  const opened = await followCallback(await mailedLink(env.backend, user.email), jar);
  expect(opened.status).toBe(303);
  expect(opened.location).toContain('/settings');
  const me = await env.facade.gql('{ me { identity { traits } } }', {}, { jar });
  expect(me.data?.me.identity.traits.email).toBe(user.email);
});

it('verifies an address through the mailed link', async () => {
  const user = newUser('LinkVerify');
  const { identityId } = await signUp(env.facade, user);
  const created = await env.facade.gql('mutation { createVerificationFlow { id } }');
  const sent = await env.facade.gql(
    `mutation ($input: UpdateVerificationFlowInput!) { updateVerificationFlow(input: $input) { __typename ... on VerificationFlow { state ui { ${UI_FIELDS} } } } }`,
    { input: { flowId: created.data?.createVerificationFlow.id, link: { email: user.email } } },
  );
  expect(sent.data?.updateVerificationFlow).toMatchObject({
    __typename: 'VerificationFlow',
    state: 'SENT_EMAIL',
  });
  expect(messageIds(sent.data?.updateVerificationFlow.ui as TestUi)).toContain(1080001);

  const opened = await followCallback(await mailedLink(env.backend, user.email));
  expect(opened.status).toBe(303);
  const identity = await env.facade.gql(
    'query ($id: ID!) { identity(id: $id) { verifiableAddresses { value verified } } }',
    { id: identityId },
    { admin: true },
  );
  expect(identity.data?.identity.verifiableAddresses).toEqual([{ value: user.email, verified: true }]);
});
