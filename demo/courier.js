/**
 * Development only: the messages Ory's courier queued for the address in use (typed into a form, or the signed-in
 * identity's), read through the demo handler from the embedded emulator, so codes and links need no mailbox.
 * Off unless the handler was given the emulator's admin URL.
 */
import { demoConfig, readJson } from './api.js';
import { byId, h } from './dom.js';

/** @typedef {import('./types').CourierMessage} CourierMessage */
/** @typedef {import('./types').FormValues} FormValues */

let address = '';

/** @param {string} value */
export function useAddress(value) {
  if (value.includes('@')) address = value.trim();
}

/**
 * The address a submission is about: what was typed as identifier, email or email trait.
 * @param {FormValues} values
 */
export function rememberAddress(values) {
  for (const name of ['identifier', 'email', 'traits.email']) {
    const value = values[name];
    if (typeof value === 'string') useAddress(value);
  }
}

/** @param {CourierMessage} message */
function renderMessage(message) {
  const code = /\b(\d{6})\b/.exec(`${message.subject}\n${message.body}`)?.[1];
  return h(
    'article',
    { class: 'courier-message', 'data-template': message.templateType, 'data-message-id': message.id },
    h('h3', {}, message.subject),
    code === undefined ? null : h('p', {}, 'Code: ', h('strong', { 'data-courier-code': code }, code)),
    h('pre', {}, message.body),
    h(
      'p',
      { class: 'meta' },
      `${message.templateType} · ${new Date(message.createdAt).toLocaleTimeString()}`,
    ),
  );
}

/** Redraws the courier panel for the current address (no-op when the courier is off). */
export async function refreshCourier() {
  const { courier } = await demoConfig();
  const panel = byId('courier');
  if (!courier) return;
  panel.hidden = false;
  const refresh = h('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => void refreshCourier());
  const heading = h('h2', {}, 'Courier (development only)');
  if (address === '') {
    panel.replaceChildren(
      heading,
      h('p', {}, 'Type an email address into a form to see what Ory sends to it.'),
    );
    return;
  }
  const res = await fetch(`/demo/courier?recipient=${encodeURIComponent(address)}`);
  const answer = /** @type {CourierMessage[] | { error: string }} */ (await readJson(res));
  const list = Array.isArray(answer)
    ? answer.length === 0
      ? h('p', {}, 'No messages yet.')
      : h('div', { class: 'courier-messages' }, ...answer.map(renderMessage))
    : h('p', { class: 'notice notice--error' }, answer.error);
  panel.replaceChildren(
    heading,
    h('p', {}, 'Messages to ', h('strong', { 'data-courier-address': address }, address), ' ', refresh),
    list,
  );
}
