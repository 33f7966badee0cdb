/**
 * Kratos's WebAuthn and passkey UI nodes, read the way its webauthn.js reads them, and the form values it
 * submits, produced with a SoftwareAuthenticator (webauthn.ts). Every value is the JSON text of the credential,
 * sent as a string field of the flow's update body (with `method: webauthn` or `method: passkey`).
 *
 * Kratos v26.2.0 puts the options into these nodes (as JSON text in `attributes.value`):
 * - `webauthn_register_trigger` (settings, method webauthn): `{ publicKey: creation options }`;
 * - `webauthn_login_trigger` (login, method webauthn): `{ publicKey: request options }`;
 * - `passkey_create_data` (method passkey): in registration flows `{ credentialOptions: { publicKey },
 *   displayNameFieldName: "traits.email" }`, in settings flows `{ publicKey }`;
 * - `passkey_challenge` (login, method passkey): `{ publicKey: request options }` (no allowCredentials).
 */
import { z } from 'zod';
import {
  creationOptionsSchema,
  requestOptionsSchema,
  type CreationOptions,
  type RequestOptions,
  type SoftwareAuthenticator,
} from './webauthn';

/** The part of a Kratos UI node these helpers read. */
export interface UiNodeLike {
  attributes: { name?: string; value?: unknown };
}

/** The `value` of the input node called `name`, as a string; throws when the flow has no such node. */
export function nodeValue(nodes: readonly UiNodeLike[], name: string): string {
  const value = nodes.find((node) => node.attributes.name === name)?.attributes.value;
  if (typeof value !== 'string' || value === '') throw new Error(`the flow has no ${name} node with a value`);
  return value;
}

const creation = z.object({ publicKey: creationOptionsSchema });
const request = z.object({ publicKey: requestOptionsSchema });
const registrationCreateData = z.object({ credentialOptions: creation, displayNameFieldName: z.string() });

export function webauthnCreationOptions(nodes: readonly UiNodeLike[]): CreationOptions {
  return creation.parse(JSON.parse(nodeValue(nodes, 'webauthn_register_trigger'))).publicKey;
}

export function webauthnRequestOptions(nodes: readonly UiNodeLike[]): RequestOptions {
  return request.parse(JSON.parse(nodeValue(nodes, 'webauthn_login_trigger'))).publicKey;
}

/** From `passkey_create_data`, whichever of its two shapes (registration or settings) the flow carries. */
export function passkeyCreationOptions(nodes: readonly UiNodeLike[]): CreationOptions {
  const data: unknown = JSON.parse(nodeValue(nodes, 'passkey_create_data'));
  const inRegistration = registrationCreateData.safeParse(data);
  return inRegistration.success
    ? inRegistration.data.credentialOptions.publicKey
    : creation.parse(data).publicKey;
}

export function passkeyRequestOptions(nodes: readonly UiNodeLike[]): RequestOptions {
  return request.parse(JSON.parse(nodeValue(nodes, 'passkey_challenge'))).publicKey;
}

/** The value of `webauthn_register` (settings: add a security key; with `webauthn_register_displayname`). */
export function webauthnRegisterValue(
  authenticator: SoftwareAuthenticator,
  nodes: readonly UiNodeLike[],
): string {
  return JSON.stringify(authenticator.create(webauthnCreationOptions(nodes)));
}

/** The value of `webauthn_login` (login, e.g. the second factor of an aal2 flow). */
export function webauthnLoginValue(
  authenticator: SoftwareAuthenticator,
  nodes: readonly UiNodeLike[],
): string {
  return JSON.stringify(authenticator.get(webauthnRequestOptions(nodes)));
}

/** The value of `passkey_register` (registration) or `passkey_settings_register` (settings). */
export function passkeyRegisterValue(
  authenticator: SoftwareAuthenticator,
  nodes: readonly UiNodeLike[],
): string {
  return JSON.stringify(authenticator.create(passkeyCreationOptions(nodes)));
}

/** The value of `passkey_login` (login). */
export function passkeyLoginValue(
  authenticator: SoftwareAuthenticator,
  nodes: readonly UiNodeLike[],
): string {
  return JSON.stringify(authenticator.get(passkeyRequestOptions(nodes)));
}
