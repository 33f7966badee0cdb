/**
 * Renders an Ory UI container generically: whatever the identity schema and the enabled methods, the flow's
 * nodes say what to show (inputs, buttons, texts such as backup codes, images such as the TOTP QR code, links),
 * in Ory's order, grouped by method. Nothing here knows a method; methodInput.js maps the result to GraphQL.
 */
import { h } from './dom.js';

/** @typedef {import('./types').UiNode} UiNode */
/** @typedef {import('./types').UiText} UiText */
/** @typedef {import('./types').InputAttributes} InputAttributes */
/** @typedef {import('./types').FormValues} FormValues */

/** Headings for Ory's node groups; an unknown group is shown by its name. */
/** @type {Record<string, string>} */
const GROUP_TITLES = {
  password: 'Password',
  code: 'One-time code',
  link: 'Email link',
  totp: 'Authenticator app',
  lookup_secret: 'Backup codes',
  oidc: 'Social sign-in',
  saml: 'Enterprise sign-in',
  passkey: 'Passkeys',
  webauthn: 'Security keys',
  profile: 'Profile',
  identifier_first: 'Account',
  captcha: 'Captcha',
};

/**
 * Ory's messages as a list; each carries its id, so a client could translate it.
 * @param {UiText[]} messages
 */
export function renderMessages(messages) {
  if (messages.length === 0) return null;
  return h(
    'ul',
    { class: 'messages' },
    ...messages.map((message) =>
      h(
        'li',
        {
          class: `message message--${message.type.toLowerCase()}`,
          'data-message-id': String(message.messageId),
        },
        message.text,
      ),
    ),
  );
}

/** @param {UiText | null} label */
const labelText = (label) => label?.text ?? '';

/**
 * A node's value as the text of an HTML attribute (Ory's values are strings, numbers or booleans).
 * @param {unknown} value
 */
function valueText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * @param {UiNode} node
 * @param {InputAttributes} attributes
 */
function renderInput(node, attributes) {
  const { name, type, value } = attributes;
  const group = node.group;
  if (type === 'submit' || type === 'button') {
    return h(
      'button',
      {
        type: 'submit',
        name,
        value: valueText(value),
        'data-group': group,
        'data-trigger': attributes.onclickTrigger ?? undefined,
        disabled: attributes.disabled,
      },
      labelText(node.meta.label) || name,
    );
  }
  const input = h('input', {
    type,
    name,
    'data-group': group,
    autocomplete: attributes.autocomplete ?? undefined,
    pattern: attributes.pattern ?? undefined,
    maxlength: attributes.maxlength === null ? undefined : String(attributes.maxlength),
    required: attributes.required,
    disabled: attributes.disabled,
  });
  if (type === 'checkbox') input.checked = value === true;
  else if (type !== 'password') input.value = valueText(value);
  if (type === 'hidden') return input;
  const label = h('span', {}, labelText(node.meta.label) || name, attributes.required ? ' *' : '');
  return h(
    'label',
    { class: `field field--${type}` },
    ...(type === 'checkbox' ? [input, label] : [label, input]),
  );
}

/**
 * A text node; backup codes (`context.secrets`) become a list of codes.
 * @param {UiNode} node
 * @param {string} elementId
 * @param {UiText} text
 */
function renderText(node, elementId, text) {
  const secrets = text.context?.secrets;
  const body = Array.isArray(secrets)
    ? h(
        'ol',
        { class: 'codes' },
        ...secrets.map((/** @type {unknown} */ secret) => {
          const code = typeof secret === 'object' && secret !== null && 'text' in secret ? secret.text : '';
          return h('li', {}, h('code', {}, valueText(code)));
        }),
      )
    : h('p', {}, h('code', {}, text.text));
  return h(
    'div',
    { class: 'node-text', id: elementId },
    h('p', { class: 'label' }, labelText(node.meta.label)),
    body,
  );
}

/** @param {UiNode} node */
function renderNode(node) {
  const attributes = node.attributes;
  switch (attributes.__typename) {
    case 'UiNodeInputAttributes':
      return renderInput(node, attributes);
    case 'UiNodeTextAttributes':
      return renderText(node, attributes.elementId, attributes.text);
    case 'UiNodeImageAttributes':
      return h(
        'figure',
        {},
        h('img', {
          id: attributes.elementId,
          src: attributes.src,
          width: String(attributes.width),
          height: String(attributes.height),
          alt: labelText(node.meta.label),
        }),
        h('figcaption', {}, labelText(node.meta.label)),
      );
    case 'UiNodeAnchorAttributes':
      return h('a', { id: attributes.elementId, href: attributes.href }, attributes.title.text);
    case 'UiNodeScriptAttributes':
      // Ory's webauthn.js: this page runs the WebAuthn ceremonies itself (webauthn.js of the demo).
      return null;
    case 'UiNodeDivisionAttributes':
      return h('div', { id: attributes.elementId });
  }
}

/**
 * The nodes, in Ory's order, with consecutive nodes of one group in a fieldset titled after the group.
 * @param {UiNode[]} nodes
 */
function renderGroups(nodes) {
  /** @type {HTMLFieldSetElement[]} */
  const fieldsets = [];
  let current = '';
  for (const node of nodes) {
    if (fieldsets.length === 0 || node.group !== current) {
      current = node.group;
      const title = node.group === 'default' ? null : (GROUP_TITLES[node.group] ?? node.group);
      fieldsets.push(
        h('fieldset', { 'data-group': node.group }, title === null ? null : h('legend', {}, title)),
      );
    }
    const fieldset = fieldsets[fieldsets.length - 1];
    fieldset?.append(...[renderNode(node), renderMessages(node.messages)].filter((child) => child !== null));
  }
  return fieldsets;
}

/**
 * What the form holds for a press of `button`: the fields of its group and of the `default` group (CSRF token,
 * identifier, traits), and the button's own name and value. Other buttons are not part of it.
 * @param {HTMLFormElement} form
 * @param {HTMLButtonElement} button
 * @returns {FormValues}
 */
function valuesFor(form, button) {
  const groups = new Set(['default', button.dataset.group]);
  /** @type {FormValues} */
  const values = {};
  for (const input of form.querySelectorAll('input')) {
    if (!groups.has(input.dataset.group) || input.disabled) continue;
    if (input.type === 'checkbox') values[input.name] = input.checked;
    else if (input.type === 'number') values[input.name] = input.value === '' ? '' : Number(input.value);
    else values[input.name] = input.value;
  }
  if (button.name !== '') values[button.name] = button.value;
  return values;
}

/**
 * The flow's form. It never posts itself: a pressed button calls `submit` with the button and the values for
 * it, and the form stays disabled until that settles.
 * @param {UiNode[]} nodes
 * @param {(button: HTMLButtonElement, values: FormValues) => Promise<void>} submit
 */
export function renderForm(nodes, submit) {
  // Ory validates, not the browser: a required password must not block the "send me a code" button.
  const form = h('form', { class: 'flow', novalidate: true }, ...renderGroups(nodes));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = event.submitter;
    if (!(button instanceof HTMLButtonElement)) return;
    const values = valuesFor(form, button);
    const fieldsets = form.querySelectorAll('fieldset');
    for (const fieldset of fieldsets) fieldset.disabled = true;
    form.setAttribute('aria-busy', 'true');
    void submit(button, values).finally(() => {
      for (const fieldset of fieldsets) fieldset.disabled = false;
      form.removeAttribute('aria-busy');
    });
  });
  return form;
}
