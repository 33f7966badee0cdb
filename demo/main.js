/**
 * The demo page: a client of the facade written with nothing but the browser (no framework, no build). Its
 * routes are named like Ory's UI paths (`/demo/login?flow=...`), so Ory's `ui_url`s can point at it.
 */
import { gqlField } from './api.js';
import { showHome } from './account.js';
import { refreshCourier } from './courier.js';
import { byId, h } from './dom.js';
import { showFlow } from './flowView.js';
import { navigate, setRenderer, showError } from './navigation.js';
import { FLOW_ERROR } from './operations.js';

/** @typedef {import('./types').FlowKind} FlowKind */

/** @type {readonly FlowKind[]} */
const FLOW_KINDS = ['login', 'registration', 'recovery', 'verification', 'settings'];

/** Ory's error page (`/error?id=`): what went wrong in a flow Ory could not show. */
async function showFlowError(/** @type {string | null} */ id) {
  const flowError =
    id === null ? null : /** @type {{ error: unknown } | null} */ (await gqlField(FLOW_ERROR, { id }));
  byId('view').replaceChildren(
    h(
      'section',
      { class: 'flow-error' },
      h('h2', {}, 'Something went wrong'),
      h('pre', {}, JSON.stringify(flowError?.error ?? 'Unknown error', null, 2)),
    ),
  );
  await refreshCourier();
}

async function render() {
  const route = location.pathname.replace(/^\/demo\/?/, '').replace(/\/$/, '');
  const params = new URLSearchParams(location.search);
  const kind = FLOW_KINDS.find((name) => name === route);
  try {
    if (kind !== undefined) await showFlow(kind, params);
    else if (route === 'error') await showFlowError(params.get('id'));
    else await showHome();
  } catch (error) {
    showError(error);
  }
}

setRenderer(render);
window.addEventListener('popstate', () => void render());
byId('nav').addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (link === null) return;
  event.preventDefault();
  void navigate(link.pathname);
});
void render();
