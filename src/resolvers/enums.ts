/**
 * Ory's lower-case string values become the schema's enum values here, explicitly. A value this schema does not
 * know (from a newer Ory) becomes `null` rather than failing the whole response.
 */
import type {
  AuthenticatorAssuranceLevel,
  FlowClient,
  IdentityState,
  LoginFlowState,
  UiNodeType,
  UiTextType,
} from '../__generated__/resolvers-types';

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

/** The reverse: the Ory flow type a client asked for (`NATIVE` unless it said otherwise). */
export const oryFlowType = (client: FlowClient | null | undefined): 'api' | 'browser' =>
  client === 'BROWSER' ? 'browser' : 'api';

/** Login and registration share these states. */
export const flowState = fromOry<LoginFlowState>({
  choose_method: 'CHOOSE_METHOD',
  sent_email: 'SENT_EMAIL',
  passed_challenge: 'PASSED_CHALLENGE',
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
