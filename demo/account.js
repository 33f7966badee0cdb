/**
 * The home view: who is signed in (`me`), this session and the others (`mySessions`, revocable), sign-out. A
 * session that still needs its second factor sends the user to complete it.
 */
import { ApiError, gqlField } from './api.js';
import { refreshCourier, useAddress } from './courier.js';
import { byId, h } from './dom.js';
import { navigate, showError } from './navigation.js';
import { DISABLE_OTHER_SESSIONS, DISABLE_SESSION, LOGOUT, ME, MY_SESSIONS } from './operations.js';

/** @typedef {import('./types').Me} Me */
/** @typedef {import('./types').Session} Session */

/**
 * A button that runs `action`, showing any error.
 * @param {string} label
 * @param {Record<string, string>} attributes
 * @param {() => Promise<unknown>} action
 */
function actionButton(label, attributes, action) {
  const button = h('button', { type: 'button', ...attributes }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    action()
      .catch(showError)
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}

/**
 * @param {Session} session
 * @param {boolean} current
 */
function renderSession(session, current) {
  const methods = session.authenticationMethods.map((m) => m.provider ?? m.method ?? '?').join(', ');
  const device = session.devices[0];
  return h(
    'li',
    { class: current ? 'session session--current' : 'session', 'data-session-id': session.id },
    h('strong', {}, current ? 'This device' : 'Another device'),
    ` · signed in ${new Date(session.authenticatedAt).toLocaleString()} with ${methods || 'unknown'}`,
    ` · ${session.authenticatorAssuranceLevel ?? ''}`,
    device === undefined
      ? null
      : h('span', { class: 'device' }, ` · ${device.userAgent ?? ''} ${device.ipAddress ?? ''}`),
    current
      ? null
      : actionButton('Revoke', { 'data-revoke': session.id }, async () => {
          await gqlField(DISABLE_SESSION, { id: session.id });
          await navigate('/demo/', { type: 'success', text: 'The session was revoked.' });
        }),
  );
}

/** @param {Me} me */
async function renderSignedIn(me) {
  const others = /** @type {{ nodes: Session[] }} */ (await gqlField(MY_SESSIONS)).nodes;
  const identity = me.identity;
  const email = identity?.verifiableAddresses[0];
  if (email !== undefined) useAddress(email.value);
  byId('view').replaceChildren(
    h(
      'section',
      { class: 'account', 'data-signed-in': 'true' },
      h('h2', {}, 'You are signed in'),
      h(
        'p',
        {},
        'Identity ',
        h('code', { 'data-identity-id': identity?.id ?? '' }, identity?.id ?? ''),
        email === undefined ? null : ` · ${email.value} (${email.verified ? 'verified' : 'not verified'})`,
        ` · assurance level ${me.authenticatorAssuranceLevel ?? '?'}`,
      ),
      h('pre', { class: 'traits' }, JSON.stringify(identity?.traits ?? {}, null, 2)),
      h(
        'p',
        { class: 'actions' },
        actionButton('Settings', {}, () => navigate('/demo/settings')),
        actionButton('Verify email', {}, () => navigate('/demo/verification')),
        actionButton('Sign out', { id: 'sign-out' }, async () => {
          await gqlField(LOGOUT);
          await navigate('/demo/', { type: 'success', text: 'You are signed out.' });
        }),
      ),
      h('h3', {}, 'Sessions'),
      h(
        'ul',
        { class: 'sessions' },
        renderSession(me, true),
        ...others.map((session) => renderSession(session, false)),
      ),
      others.length === 0
        ? null
        : actionButton('Sign out all other sessions', { id: 'revoke-others' }, async () => {
            await gqlField(DISABLE_OTHER_SESSIONS);
            await navigate('/demo/', { type: 'success', text: 'All other sessions were revoked.' });
          }),
    ),
  );
}

function renderSignedOut() {
  byId('view').replaceChildren(
    h(
      'section',
      { class: 'account', 'data-signed-in': 'false' },
      h('h2', {}, 'You are not signed in'),
      h(
        'p',
        { class: 'actions' },
        actionButton('Sign in', {}, () => navigate('/demo/login')),
        actionButton('Sign up', {}, () => navigate('/demo/registration')),
        actionButton('Recover your account', {}, () => navigate('/demo/recovery')),
        actionButton('Verify an email address', {}, () => navigate('/demo/verification')),
      ),
    ),
  );
}

/** Shows the home view. */
export async function showHome() {
  /** @type {Me | null} */
  let me;
  try {
    me = /** @type {Me | null} */ (await gqlField(ME));
  } catch (error) {
    // Signed in with the first factor only: Ory wants the second before it shows the session.
    if (error instanceof ApiError && error.code === 'AAL2_REQUIRED') {
      await navigate('/demo/login?aal=aal2', {
        type: 'info',
        text: 'Your account has a second factor: complete it.',
      });
      return;
    }
    throw error;
  }
  if (me === null) renderSignedOut();
  else await renderSignedIn(me);
  await refreshCourier();
}
