/**
 * Moving between the page's views without reloading (the page keeps its state, such as the address whose
 * courier messages it shows), and the notice line that says what just happened.
 */
import { ApiError } from './api.js';
import { byId, h } from './dom.js';

/** @typedef {{ text: string, type?: 'info' | 'success' | 'error', code?: string }} Notice */

/** @type {() => Promise<void>} */
let renderCurrent = () => Promise.resolve();

/** @param {() => Promise<void>} render What draws the view of the current URL (main.js). */
export function setRenderer(render) {
  renderCurrent = render;
}

/** @param {Notice | undefined} notice */
export function showNotice(notice) {
  const status = byId('status');
  if (notice === undefined) {
    status.replaceChildren();
    return;
  }
  const type = notice.type ?? 'info';
  status.replaceChildren(
    h('p', { class: `notice notice--${type}`, 'data-error-code': notice.code }, notice.text),
  );
}

/**
 * Shows what went wrong: the facade's message and its error code.
 * @param {unknown} error
 */
export function showError(error) {
  if (error instanceof ApiError) showNotice({ type: 'error', code: error.code, text: error.message });
  else showNotice({ type: 'error', text: error instanceof Error ? error.message : String(error) });
}

/**
 * Goes to `path` (a page route such as `/demo/login?flow=...`), with a notice to show there.
 * @param {string} path
 * @param {Notice} [notice]
 */
export function navigate(path, notice) {
  history.pushState(null, '', path);
  showNotice(notice);
  return renderCurrent();
}

/**
 * Names the current view's state in the URL (e.g. the flow just created), so a reload shows the same.
 * @param {string} path
 */
export function replacePath(path) {
  history.replaceState(null, '', path);
}
