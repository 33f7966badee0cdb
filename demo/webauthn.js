/**
 * Passkeys and security keys, driven by the page itself rather than by Ory's webauthn.js (which submits Ory's
 * own HTML form to Ory, and which this page's Content-Security-Policy would not load from Ory's origin anyway).
 * Ory puts the ceremony's options into the flow's nodes as JSON with binary fields in base64url; the page turns
 * them into `navigator.credentials` options, and the answer back into the JSON Ory's script would have sent.
 */

/** @typedef {import('./types').FormValues} FormValues */

/**
 * Ory's `onclickTrigger` names: which ceremony, the field holding its options, the field that takes the answer.
 * @type {Record<string, { ceremony: 'create' | 'get', options: string, answer: string }>}
 */
const TRIGGERS = {
  oryWebAuthnRegistration: {
    ceremony: 'create',
    options: 'webauthn_register_trigger',
    answer: 'webauthn_register',
  },
  oryWebAuthnLogin: { ceremony: 'get', options: 'webauthn_login_trigger', answer: 'webauthn_login' },
  oryPasskeyRegistration: { ceremony: 'create', options: 'passkey_create_data', answer: 'passkey_register' },
  oryPasskeySettingsRegistration: {
    ceremony: 'create',
    options: 'passkey_create_data',
    answer: 'passkey_settings_register',
  },
  oryPasskeyLogin: { ceremony: 'get', options: 'passkey_challenge', answer: 'passkey_login' },
};

/** @param {string} text base64url, padded or not */
function decode(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** @param {ArrayBuffer} buffer */
function encode(buffer) {
  const binary = String.fromCharCode(...new Uint8Array(buffer));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * WebAuthn options as JSON: binary fields (challenge, user and credential ids) in base64url.
 * @typedef {{ type: 'public-key', id: string, transports?: AuthenticatorTransport[] }} JsonDescriptor
 * @typedef {{
 *   challenge: string,
 *   rp?: PublicKeyCredentialRpEntity,
 *   rpId?: string,
 *   user?: { id: string, name?: string, displayName?: string },
 *   pubKeyCredParams?: PublicKeyCredentialParameters[],
 *   timeout?: number,
 *   excludeCredentials?: JsonDescriptor[],
 *   allowCredentials?: JsonDescriptor[],
 *   authenticatorSelection?: AuthenticatorSelectionCriteria,
 *   attestation?: AttestationConveyancePreference,
 *   userVerification?: UserVerificationRequirement,
 * }} JsonOptions
 */

/** @param {JsonDescriptor[] | undefined} descriptors */
function descriptors(descriptors) {
  return descriptors?.map((descriptor) => ({ ...descriptor, id: decode(descriptor.id) }));
}

/**
 * The `publicKey` options in a node's value: `{ publicKey }`, or in registration flows
 * `{ credentialOptions: { publicKey }, displayNameFieldName }` (the field whose value names the passkey).
 * @param {string} json
 * @param {FormValues} values
 * @returns {JsonOptions}
 */
function optionsFrom(json, values) {
  /** @type {unknown} */
  const value = JSON.parse(json);
  const parsed = /** @type {{ publicKey?: JsonOptions, credentialOptions?: { publicKey: JsonOptions },
    displayNameFieldName?: string }} */ (value);
  const publicKey = parsed.publicKey ?? parsed.credentialOptions?.publicKey;
  if (publicKey === undefined) throw new Error('The flow carries no WebAuthn options.');
  const displayName =
    parsed.displayNameFieldName === undefined ? '' : String(values[parsed.displayNameFieldName] ?? '');
  if (displayName !== '' && publicKey.user !== undefined) {
    publicKey.user = { ...publicKey.user, name: displayName, displayName };
  }
  return publicKey;
}

/**
 * @param {JsonOptions} options
 * @returns {Promise<Record<string, unknown>>}
 */
async function create(options) {
  const { user } = options;
  if (user === undefined) throw new Error('The WebAuthn options name no user.');
  const credential = await navigator.credentials.create({
    publicKey: {
      rp: options.rp ?? { name: location.hostname },
      user: { id: decode(user.id), name: user.name ?? '', displayName: user.displayName ?? '' },
      challenge: decode(options.challenge),
      pubKeyCredParams: options.pubKeyCredParams ?? [],
      timeout: options.timeout,
      excludeCredentials: descriptors(options.excludeCredentials),
      authenticatorSelection: options.authenticatorSelection,
      attestation: options.attestation,
    },
  });
  if (!(credential instanceof PublicKeyCredential)) throw new Error('The browser created no credential.');
  const response = /** @type {AuthenticatorAttestationResponse} */ (credential.response);
  return {
    id: credential.id,
    rawId: encode(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: encode(response.attestationObject),
      clientDataJSON: encode(response.clientDataJSON),
    },
  };
}

/**
 * @param {JsonOptions} options
 * @returns {Promise<Record<string, unknown>>}
 */
async function get(options) {
  const credential = await navigator.credentials.get({
    publicKey: {
      challenge: decode(options.challenge),
      rpId: options.rpId,
      timeout: options.timeout,
      allowCredentials: descriptors(options.allowCredentials),
      userVerification: options.userVerification,
    },
  });
  if (!(credential instanceof PublicKeyCredential)) throw new Error('The browser returned no credential.');
  const response = /** @type {AuthenticatorAssertionResponse} */ (credential.response);
  return {
    id: credential.id,
    rawId: encode(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: encode(response.authenticatorData),
      clientDataJSON: encode(response.clientDataJSON),
      signature: encode(response.signature),
      userHandle: response.userHandle === null ? '' : encode(response.userHandle),
    },
  };
}

/**
 * Runs the ceremony a trigger button asks for and returns the form values with its answer filled in.
 * @param {string} trigger The button's `onclickTrigger` (e.g. `oryPasskeyLogin`).
 * @param {FormValues} values The form's values, including the button's own (some buttons carry the options).
 * @returns {Promise<FormValues>}
 */
export async function runWebAuthnTrigger(trigger, values) {
  const step = TRIGGERS[trigger];
  if (step === undefined) throw new Error(`This page does not know Ory's "${trigger}" function.`);
  if (!('credentials' in navigator) || typeof PublicKeyCredential === 'undefined') {
    throw new Error('This browser has no WebAuthn (it needs a secure context: https, or http://localhost).');
  }
  const json = values[step.options];
  if (typeof json !== 'string' || json === '') throw new Error(`The flow has no ${step.options} options.`);
  const options = optionsFrom(json, values);
  const answer = step.ceremony === 'create' ? await create(options) : await get(options);
  return { ...values, [step.answer]: JSON.stringify(answer) };
}
