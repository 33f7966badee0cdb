/**
 * SAML (Ory Network's enterprise sign-in): the facade passes the submission to Ory like any other method. Ory
 * Kratos has no SAML strategy, so against it (and the emulator) Ory answers with its "no strategy" message, as
 * data; on Ory Network the same submission answers `FlowRedirect` to the identity provider.
 */
import { useFacade } from '../harness/facade';
import { UI_FIELDS, messageIds, type TestUi } from '../harness/flowNodes';
import { startOryBackend } from '../harness/oryBackend';

const env = useFacade(() => startOryBackend());

it("passes a SAML sign-in through, and returns the flow with Ory's answer where SAML is not set up", async () => {
  const flowId = (await env.facade.gql('mutation { createLoginFlow { id } }')).data?.createLoginFlow.id;
  env.backend.resetCalls();
  const res = await env.facade.gql(
    `mutation ($input: UpdateLoginFlowInput!) { updateLoginFlow(input: $input) { __typename ... on LoginFlow { ui { ${UI_FIELDS} } } } }`,
    { input: { flowId, saml: { provider: 'acme-corp' } } },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.updateLoginFlow.__typename).toBe('LoginFlow');
  expect(messageIds(res.data?.updateLoginFlow.ui as TestUi)).toContain(4010002);
  expect(env.backend.calls().map((call) => `${call.method} ${call.path}`)).toEqual([
    'POST /self-service/login',
  ]);
});
