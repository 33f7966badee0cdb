/**
 * From Ory's form to the facade's input. Ory's own forms post field names (`identifier`, `traits.email`,
 * `totp_code`, `lookup_secret_confirm`, ...) with a `method`; the facade takes one typed object per method
 * (`password: { identifier, password }`, `totp: { code }`, ...). This table is the only place that knows both
 * vocabularies: everything else renders and collects Ory's nodes without knowing any method.
 */

/** @typedef {import('./types').FlowKind} FlowKind */
/** @typedef {import('./types').FormValues} FormValues */
/** @typedef {(values: FormValues) => Record<string, unknown>} Builder */

/**
 * A value as a string, or undefined when the form has none (empty fields are left out, so Ory reports
 * what is missing).
 * @param {FormValues} values
 * @param {string} name
 */
function text(values, name) {
  const value = values[name];
  if (value === undefined || value === '') return undefined;
  return String(value);
}

/**
 * A credential that the page's WebAuthn code put into a hidden field as JSON.
 * @param {FormValues} values
 * @param {string} name
 * @returns {unknown}
 */
function credential(values, name) {
  const value = text(values, name);
  return value === undefined ? undefined : JSON.parse(value);
}

/**
 * `traits.*` fields as the nested object the identity schema describes (`traits.name.first` -> name.first),
 * whatever the schema is. Empty fields are left out.
 * @param {FormValues} values
 * @returns {Record<string, unknown>}
 */
function traits(values) {
  /** @type {Record<string, unknown>} */
  const root = {};
  for (const [name, value] of Object.entries(values)) {
    if (!name.startsWith('traits.') || value === '') continue;
    const path = name.slice('traits.'.length).split('.');
    const last = path.pop();
    if (last === undefined) continue;
    let target = root;
    for (const key of path) {
      const next = target[key];
      /** @type {Record<string, unknown>} */
      const child =
        typeof next === 'object' && next !== null ? /** @type {Record<string, unknown>} */ (next) : {};
      target[key] = child;
      target = child;
    }
    target[last] = value;
  }
  return root;
}

/**
 * Removes undefined members, so the variables hold only what the form had.
 * @param {Record<string, unknown>} object
 */
function defined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** @param {FormValues} values */
const hasTraits = (values) => Object.keys(traits(values)).length > 0;

/** Recovery and verification: the code once it was sent, else the address to send one to. */
/** @type {Record<string, Builder>} */
const ADDRESS_METHODS = {
  code: (v) => ({
    code: text(v, 'code') === undefined ? { email: text(v, 'email') } : { code: text(v, 'code') },
  }),
  link: (v) => ({ link: { email: text(v, 'email') } }),
};

const LOOKUP_ACTIONS = /** @type {const} */ ([
  ['lookup_secret_reveal', 'REVEAL'],
  ['lookup_secret_regenerate', 'REGENERATE'],
  ['lookup_secret_confirm', 'CONFIRM'],
  ['lookup_secret_disable', 'DISABLE'],
]);

/** @type {Record<FlowKind, Record<string, Builder>>} */
const METHODS = {
  login: {
    password: (v) => ({ password: { identifier: text(v, 'identifier'), password: text(v, 'password') } }),
    code: (v) => ({
      code: defined({
        identifier: text(v, 'identifier'),
        code: text(v, 'code'),
        address: text(v, 'address'),
        resend: text(v, 'resend') === undefined ? undefined : true,
      }),
    }),
    totp: (v) => ({ totp: { code: text(v, 'totp_code') } }),
    lookup_secret: (v) => ({ lookupSecret: { code: text(v, 'lookup_secret') } }),
    oidc: (v) => ({ oidc: { provider: text(v, 'provider') } }),
    saml: (v) => ({ saml: { provider: text(v, 'provider') } }),
    passkey: (v) => ({ passkey: { response: credential(v, 'passkey_login') } }),
    webauthn: (v) => ({
      webauthn: defined({ identifier: text(v, 'identifier'), response: credential(v, 'webauthn_login') }),
    }),
    identifier_first: (v) => ({ identifierFirst: { identifier: text(v, 'identifier') } }),
  },
  registration: {
    password: (v) => ({ password: { password: text(v, 'password'), traits: traits(v) } }),
    code: (v) => ({
      code: defined({
        traits: traits(v),
        code: text(v, 'code'),
        resend: text(v, 'resend') === undefined ? undefined : true,
      }),
    }),
    oidc: (v) => ({
      oidc: defined({ provider: text(v, 'provider'), traits: hasTraits(v) ? traits(v) : undefined }),
    }),
    saml: (v) => ({ saml: defined({ provider: text(v, 'provider') }) }),
    profile: (v) => ({
      profile: defined({
        traits: traits(v),
        screen: { previous: 'PREVIOUS', 'credential-selection': 'CREDENTIAL_SELECTION' }[
          text(v, 'screen') ?? ''
        ],
      }),
    }),
    passkey: (v) => ({
      passkey: defined({ traits: traits(v), response: credential(v, 'passkey_register') }),
    }),
    webauthn: (v) => ({
      webauthn: defined({
        traits: traits(v),
        response: credential(v, 'webauthn_register'),
        displayName: text(v, 'webauthn_register_displayname'),
      }),
    }),
  },
  recovery: ADDRESS_METHODS,
  verification: ADDRESS_METHODS,
  settings: {
    profile: (v) => ({ profile: { traits: traits(v) } }),
    password: (v) => ({ password: { password: text(v, 'password') } }),
    totp: (v) => ({
      totp: text(v, 'totp_unlink') === undefined ? { code: text(v, 'totp_code') } : { unlink: true },
    }),
    lookup_secret: (v) => ({
      lookupSecret: { action: LOOKUP_ACTIONS.find(([name]) => text(v, name) !== undefined)?.[1] },
    }),
    oidc: (v) => ({
      oidc: text(v, 'unlink') === undefined ? { link: text(v, 'link') } : { unlink: text(v, 'unlink') },
    }),
    saml: (v) => ({
      saml: text(v, 'unlink') === undefined ? { link: text(v, 'link') } : { unlink: text(v, 'unlink') },
    }),
    passkey: (v) => ({
      passkey:
        text(v, 'passkey_remove') === undefined
          ? { register: credential(v, 'passkey_settings_register') }
          : { remove: text(v, 'passkey_remove') },
    }),
    webauthn: (v) => ({
      webauthn:
        text(v, 'webauthn_remove') === undefined
          ? {
              register: defined({
                response: credential(v, 'webauthn_register'),
                displayName: text(v, 'webauthn_register_displayname'),
              }),
            }
          : { remove: text(v, 'webauthn_remove') },
    }),
  },
};

/**
 * The method part of an `update*Flow` input for the button pressed in a `kind` flow.
 * @param {FlowKind} kind
 * @param {string} method Ory's method: the group of the pressed button (`password`, `totp`, `oidc`, ...).
 * @param {FormValues} values The form's fields of that group and of the `default` group, and the button.
 * @returns {Record<string, unknown>}
 */
export function methodInput(kind, method, values) {
  const build = METHODS[kind][method];
  if (build === undefined)
    throw new Error(`This page cannot submit the "${method}" method of a ${kind} flow.`);
  return build(values);
}
