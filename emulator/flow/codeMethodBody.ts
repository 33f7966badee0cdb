/**
 * The body of a `code` method submit for recovery and verification
 * (`updateRecoveryFlowWithCodeMethod`, `updateVerificationFlowWithCodeMethodBody`): only strings,
 * plus an optional `transient_payload`.
 */
import type { FieldSpec } from '../http/body';

export const CODE_METHOD_FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['method', { type: 'string', required: false }],
  ['email', { type: 'string', required: false }],
  ['code', { type: 'string', required: false }],
  ['csrf_token', { type: 'string', required: false }],
  ['flow', { type: 'string', required: false }],
  ['transient_payload', { type: 'json', required: false }],
]);
