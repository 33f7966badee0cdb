/**
 * One self-service flow on screen: created (or fetched by the `flow` id in the URL), rendered from its nodes,
 * submitted through `update*Flow`, and whatever comes back handled: the flow again (with Ory's messages), a
 * success, a redirect the browser must follow (social sign-in), a replacement flow, or a sign-in to do first.
 */
import { ApiError, gqlField } from './api.js';
import { refreshCourier, rememberAddress } from './courier.js';
import { h, byId } from './dom.js';
import { methodInput } from './methodInput.js';
import { navigate, replacePath, showError, showNotice } from './navigation.js';
import { renderForm, renderMessages } from './nodes.js';
import { createFlowDocument, getFlowDocument, updateFlowDocument } from './operations.js';
import { runWebAuthnTrigger } from './webauthn.js';

/** @typedef {import('./types').FlowKind} FlowKind */
/** @typedef {import('./types').Flow} Flow */
/** @typedef {import('./types').UpdateResult} UpdateResult */
/** @typedef {import('./types').FormValues} FormValues */

/** @type {Record<FlowKind, string>} */
const TITLES = {
  login: 'Sign in',
  registration: 'Sign up',
  recovery: 'Recover your account',
  verification: 'Verify your email address',
  settings: 'Settings',
};

/** Where to go once a sign-in that interrupted something (a settings change) is done. */
let afterSignIn = '/demo/';

/** Flows that can leave the page (social sign-in) come back here: Ory must allow it (allowed_return_urls). */
const returnTo = () => `${location.origin}/demo/`;

/**
 * A new browser flow. When Ory refuses the return URL, the flow is created without one, and the page says so.
 * @param {FlowKind} kind
 * @param {URLSearchParams} params `aal` and `refresh` for sign-ins
 * @returns {Promise<Flow>}
 */
async function createFlow(kind, params) {
  /** @type {Record<string, unknown>} */
  const input = { client: 'BROWSER' };
  if (kind === 'login') {
    const aal = params.get('aal');
    if (aal !== null) input.aal = aal;
    if (params.get('refresh') === 'true') input.refresh = true;
  }
  const create = (/** @type {Record<string, unknown>} */ variables) =>
    /** @type {Promise<Flow>} */ (gqlField(createFlowDocument(kind), { input: variables }));
  if (kind === 'recovery' || kind === 'verification') return create(input);
  try {
    return await create({ ...input, returnTo: returnTo() });
  } catch (error) {
    if (!(error instanceof ApiError) || error.oryId !== 'self_service_flow_return_to_forbidden') throw error;
    showNotice({
      type: 'error',
      text: `Ory does not allow ${returnTo()} as a return URL (selfservice.allowed_return_urls), so after a social sign-in the browser will land on Ory's default URL instead of this page.`,
    });
    return create(input);
  }
}

/**
 * The flow named in the URL, or a new one when there is none or it expired.
 * @param {FlowKind} kind
 * @param {URLSearchParams} params
 */
async function loadFlow(kind, params) {
  const id = params.get('flow');
  if (id !== null) {
    try {
      return /** @type {Flow} */ (await gqlField(getFlowDocument(kind), { id }));
    } catch (error) {
      if (!(error instanceof ApiError) || !['FLOW_EXPIRED', 'NOT_FOUND'].includes(error.code)) throw error;
      showNotice({ type: 'info', text: 'That flow has expired or is unknown: here is a new one.' });
    }
  }
  const flow = await createFlow(kind, params);
  replacePath(`/demo/${kind}?flow=${flow.id}`);
  return flow;
}

/**
 * What a pressed button submits: Ory's method is the button's group (`default` buttons name it as value).
 * @param {HTMLButtonElement} button
 */
const methodOf = (button) =>
  button.dataset.group === 'default' ? button.value : (button.dataset.group ?? '');

/**
 * @param {FlowKind} kind
 * @param {UpdateResult} result
 */
async function handleResult(kind, result) {
  switch (result.__typename) {
    case 'LoginSuccess': {
      const next = afterSignIn;
      afterSignIn = '/demo/';
      return navigate(next, { type: 'success', text: 'You are signed in.' });
    }
    case 'RegistrationSuccess': {
      const verification = result.continueWith.find(
        (item) => item.__typename === 'ContinueWithVerificationUi',
      );
      if (verification !== undefined && 'flow' in verification) {
        return navigate(`/demo/verification?flow=${verification.flow.id}`, {
          type: 'success',
          text: 'Your account was created. Ory sent a code to verify your address.',
        });
      }
      return navigate('/demo/', { type: 'success', text: 'Your account was created.' });
    }
    case 'FlowRedirect':
      // Social sign-in: off to the provider; Ory's callback brings the browser back (to return_to).
      if (result.redirectBrowserTo !== null) location.assign(result.redirectBrowserTo);
      return;
    case 'FlowExpired':
      return navigate(`/demo/${kind}${result.useFlowId === null ? '' : `?flow=${result.useFlowId}`}`, {
        type: 'info',
        text: result.reason ?? 'The flow expired: try again.',
      });
    case 'SessionRefreshRequired':
    case 'Aal2Required':
      afterSignIn = `/demo/${kind}`;
      return navigate(`/demo/login${result.loginFlow === null ? '' : `?flow=${result.loginFlow.id}`}`, {
        type: 'info',
        text: result.reason ?? 'Sign in again first.',
      });
    default: {
      const settings = result.continueWith?.find((item) => item.__typename === 'ContinueWithSettingsUi');
      if (kind === 'recovery' && settings !== undefined && 'flow' in settings) {
        return navigate(`/demo/settings?flow=${settings.flow.id}`, {
          type: 'success',
          text: 'You are signed in again: set a new password.',
        });
      }
      showNotice(undefined);
      draw(kind, /** @type {Flow} */ (result));
    }
  }
}

/**
 * @param {FlowKind} kind
 * @param {Flow} flow
 * @param {HTMLButtonElement} button
 * @param {FormValues} pressed
 */
async function submit(kind, flow, button, pressed) {
  try {
    const trigger = button.dataset.trigger;
    const values = trigger === undefined ? pressed : await runWebAuthnTrigger(trigger, pressed);
    rememberAddress(values);
    const input = {
      flowId: flow.id,
      csrfToken: flow.csrfToken,
      ...methodInput(kind, methodOf(button), values),
    };
    const result = /** @type {UpdateResult} */ (await gqlField(updateFlowDocument(kind), { input }));
    await handleResult(kind, result);
  } catch (error) {
    showError(error);
  }
  await refreshCourier();
}

/**
 * @param {FlowKind} kind
 * @param {Flow} flow
 */
function draw(kind, flow) {
  byId('view').replaceChildren(
    h(
      'section',
      { class: `flow-view flow-view--${kind}`, 'data-flow-id': flow.id, 'data-flow-state': flow.state ?? '' },
      h('h2', {}, TITLES[kind]),
      renderMessages(flow.ui.messages),
      renderForm(flow.ui.nodes, (button, values) => submit(kind, flow, button, values)),
    ),
  );
}

/**
 * Errors that mean "sign in first" (settings, and flows of a session that needs its second factor), and where.
 * @type {Record<string, { path: string, text: string }>}
 */
const SIGN_IN_FIRST = {
  UNAUTHENTICATED: { path: '/demo/login', text: 'Sign in first.' },
  AAL2_REQUIRED: {
    path: '/demo/login?aal=aal2',
    text: 'Your account has a second factor: complete it first.',
  },
  SESSION_REFRESH_REQUIRED: { path: '/demo/login?refresh=true', text: 'Confirm it is you: sign in again.' },
};

/**
 * Shows the `kind` flow of the current URL.
 * @param {FlowKind} kind
 * @param {URLSearchParams} params
 */
export async function showFlow(kind, params) {
  try {
    draw(kind, await loadFlow(kind, params));
  } catch (error) {
    const signIn = error instanceof ApiError && kind !== 'login' ? SIGN_IN_FIRST[error.code] : undefined;
    if (signIn === undefined) throw error;
    afterSignIn = `/demo/${kind}`;
    await navigate(signIn.path, { type: 'info', text: signIn.text });
  }
}
