/**
 * The GraphQL documents the page sends. Flow documents are built from one table, since the five flows differ
 * only in names and in the few members of their result unions. Ory's UI texts are selected by `messageId`
 * (not the deprecated `id`, which normalized caches would mistake for an object id).
 */

/** @typedef {import('./types').FlowKind} FlowKind */

const UI_FRAGMENTS = `
fragment DemoText on UiText { messageId text type context }
fragment DemoUi on UiContainer {
  messages { ...DemoText }
  nodes {
    type
    group
    messages { ...DemoText }
    meta { label { ...DemoText } }
    attributes {
      __typename
      ... on UiNodeInputAttributes {
        name type value required disabled autocomplete pattern maxlength onclickTrigger
      }
      ... on UiNodeTextAttributes { elementId text { ...DemoText } }
      ... on UiNodeImageAttributes { elementId src width height }
      ... on UiNodeAnchorAttributes { elementId href title { ...DemoText } }
      ... on UiNodeScriptAttributes { elementId src }
      ... on UiNodeDivisionAttributes { elementId }
    }
  }
}`;

const CONTINUE_WITH_FRAGMENT = `
fragment DemoContinueWith on ContinueWith {
  __typename
  ... on ContinueWithVerificationUi { flow { id verifiableAddress } }
  ... on ContinueWithSettingsUi { flow { id } }
  ... on ContinueWithRecoveryUi { flow { id } }
  ... on ContinueWithRedirectBrowserTo { redirectBrowserTo }
}`;

/**
 * Per flow: the GraphQL name part, fields beyond the common ones, and the success member of its result union.
 * @type {Record<FlowKind, { name: string, extra: string, success: string }>}
 */
const FLOWS = {
  login: { name: 'Login', extra: '', success: 'LoginSuccess { session { id } }' },
  registration: {
    name: 'Registration',
    extra: '',
    success: 'RegistrationSuccess { continueWith { ...DemoContinueWith } }',
  },
  recovery: { name: 'Recovery', extra: 'continueWith { ...DemoContinueWith }', success: '' },
  verification: { name: 'Verification', extra: '', success: '' },
  settings: { name: 'Settings', extra: 'continueWith { ...DemoContinueWith }', success: '' },
};

/**
 * The document with the fragments it uses (GraphQL refuses documents with unused fragments).
 * @param {string} body
 */
function withFragments(body) {
  const continueWith = body.includes('...DemoContinueWith') ? CONTINUE_WITH_FRAGMENT : '';
  return `${body}\n${UI_FRAGMENTS}\n${continueWith}`;
}

/** @param {FlowKind} kind */
function flowFields(kind) {
  return `__typename id state csrfToken returnTo ui { ...DemoUi } ${FLOWS[kind].extra}`;
}

/** @param {FlowKind} kind */
export function createFlowDocument(kind) {
  const { name } = FLOWS[kind];
  return withFragments(
    `mutation Create${name}Flow($input: Create${name}FlowInput) {
      create${name}Flow(input: $input) { ${flowFields(kind)} }
    }`,
  );
}

/** @param {FlowKind} kind */
export function getFlowDocument(kind) {
  const { name } = FLOWS[kind];
  const field = `${kind}Flow`;
  return withFragments(`query Get${name}Flow($id: ID!) { ${field}(id: $id) { ${flowFields(kind)} } }`);
}

/** @param {FlowKind} kind */
export function updateFlowDocument(kind) {
  const { name, success } = FLOWS[kind];
  return withFragments(
    `mutation Update${name}Flow($input: Update${name}FlowInput!) {
      update${name}Flow(input: $input) {
        __typename
        ... on ${name}Flow { ${flowFields(kind)} }
        ${success === '' ? '' : `... on ${success}`}
        ... on FlowRedirect { redirectBrowserTo }
        ... on FlowExpired { useFlowId reason }
        ... on SessionRefreshRequired { reason loginFlow { id } }
        ... on Aal2Required { reason loginFlow { id } }
      }
    }`,
  );
}

const SESSION_FIELDS = `id authenticatedAt expiresAt authenticatorAssuranceLevel
  authenticationMethods { method provider aal }
  devices { ipAddress userAgent }`;

export const ME = `query Me {
  me { ${SESSION_FIELDS} identity { id traits verifiableAddresses { value verified } } }
}`;

export const MY_SESSIONS = `query MySessions { mySessions(first: 50) { nodes { ${SESSION_FIELDS} } } }`;

export const DISABLE_SESSION = 'mutation DisableMySession($id: ID!) { disableMySession(id: $id) }';

export const DISABLE_OTHER_SESSIONS = 'mutation DisableMyOtherSessions { disableMyOtherSessions }';

export const LOGOUT = 'mutation Logout { logout { loggedOut } }';

export const FLOW_ERROR = 'query FlowError($id: ID!) { flowError(id: $id) { id error } }';
