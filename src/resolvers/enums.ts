/**
 * Ory's lower-case string values become the schema's enum values here, explicitly. A value this schema does not
 * know (from a newer Ory) becomes `null` rather than failing the whole response.
 */
import type {
  AuthenticatorAssuranceLevel,
  FlowClient,
  IdentityState,
  FlowState,
  UiNodeType,
  UiTextType,
  CourierMessageStatus,
  CredentialsType,
  JsonPatchOp,
} from '../__generated__/resolvers-types';
import type { CredentialTypeName } from '../ory/adminIdentities';
import type { CallMode } from '../ory/caller';

function fromOry<T extends string>(table: Record<string, T>): (value: unknown) => T | null {
  return (value) =>
    typeof value === 'string' && Object.hasOwn(table, value) ? (table[value] ?? null) : null;
}

export const identityState = fromOry<IdentityState>({ active: 'ACTIVE', inactive: 'INACTIVE' });

export const assuranceLevel = fromOry<AuthenticatorAssuranceLevel>({
  aal0: 'AAL0',
  aal1: 'AAL1',
  aal2: 'AAL2',
  aal3: 'AAL3',
});

export const flowClient = fromOry<FlowClient>({ api: 'NATIVE', browser: 'BROWSER' });

/** The kind of Ory call a client asked for (`NATIVE` unless it said otherwise). */
export const callMode = (client: FlowClient | null | undefined): CallMode =>
  client === 'BROWSER' ? 'browser' : 'native';

/** Every flow's `state`: one enum, each flow using some of its values. */
export const flowState = fromOry<FlowState>({
  choose_method: 'CHOOSE_METHOD',
  sent_email: 'SENT_EMAIL',
  passed_challenge: 'PASSED_CHALLENGE',
  show_form: 'SHOW_FORM',
  success: 'SUCCESS',
  recovery_awaiting_address: 'RECOVERY_AWAITING_ADDRESS',
  recovery_awaiting_address_choice: 'RECOVERY_AWAITING_ADDRESS_CHOICE',
  recovery_awaiting_address_confirm: 'RECOVERY_AWAITING_ADDRESS_CONFIRM',
  recovery_awaiting_code: 'RECOVERY_AWAITING_CODE',
});

export const uiTextType = fromOry<UiTextType>({ info: 'INFO', error: 'ERROR', success: 'SUCCESS' });

export const uiNodeType = fromOry<UiNodeType>({
  input: 'INPUT',
  text: 'TEXT',
  img: 'IMG',
  a: 'A',
  script: 'SCRIPT',
  div: 'DIV',
});

/** GraphQL credential types and Ory's names for them, both ways. */
const ORY_CREDENTIAL_TYPES: Record<CredentialsType, CredentialTypeName> = {
  PASSWORD: 'password',
  OIDC: 'oidc',
  TOTP: 'totp',
  LOOKUP_SECRET: 'lookup_secret',
  WEBAUTHN: 'webauthn',
  CODE: 'code',
  PASSKEY: 'passkey',
  PROFILE: 'profile',
  SAML: 'saml',
};

export const oryCredentialType = (type: CredentialsType): CredentialTypeName => ORY_CREDENTIAL_TYPES[type];

export const credentialsType = fromOry<CredentialsType>({
  password: 'PASSWORD',
  oidc: 'OIDC',
  totp: 'TOTP',
  lookup_secret: 'LOOKUP_SECRET',
  webauthn: 'WEBAUTHN',
  code: 'CODE',
  passkey: 'PASSKEY',
  profile: 'PROFILE',
  saml: 'SAML',
});

const ORY_COURIER_STATUS: Record<CourierMessageStatus, 'queued' | 'sent' | 'processing' | 'abandoned'> = {
  QUEUED: 'queued',
  SENT: 'sent',
  PROCESSING: 'processing',
  ABANDONED: 'abandoned',
};

export const oryCourierStatus = (status: CourierMessageStatus) => ORY_COURIER_STATUS[status];

export const courierStatus = fromOry<CourierMessageStatus>({
  queued: 'QUEUED',
  sent: 'SENT',
  processing: 'PROCESSING',
  abandoned: 'ABANDONED',
});

export const oryIdentityState = (state: IdentityState): 'active' | 'inactive' =>
  state === 'ACTIVE' ? 'active' : 'inactive';

/** JSON Patch operations Ory's identity patch accepts; the others are refused before any call. */
export const ORY_PATCH_OPS: Partial<Record<JsonPatchOp, 'add' | 'remove' | 'replace'>> = {
  ADD: 'add',
  REMOVE: 'remove',
  REPLACE: 'replace',
};
