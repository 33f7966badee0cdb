/**
 * The admin gate: decides once per request whether the caller is an administrator, before any admin call.
 * A caller is one only by configuration: a bearer token matching ADMIN_TOKENS, or (when ADMIN_ROLE is set) a
 * signed-in identity whose `metadata_public.roles` holds that role. `traits` never count: users can edit them.
 * The role check asks Ory afresh and fails closed.
 */
import { ErrorCode, apiError } from '../errors';
import type { Session } from '../ory/models';

export type AdminDecision =
  { admin: true; via: 'token' | 'role' } | { admin: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' };

export interface AdminGateInput {
  /** The bearer credential matched a configured admin token. */
  adminToken: boolean;
  /** The caller sent some credential (session token, Ory cookie, or anything else). */
  hasCredentials: boolean;
  /** The configured admin role, if any. */
  adminRole: string | null;
  /** A fresh session lookup (no cache anywhere), used only when a role decides. */
  freshSession: () => Promise<Session | null>;
}

function hasRole(session: Session, role: string): boolean {
  const metadata = session.identity?.metadata_public;
  if (typeof metadata !== 'object' || metadata === null || !('roles' in metadata)) return false;
  const roles: unknown = metadata.roles;
  return Array.isArray(roles) && roles.includes(role);
}

/** Decides; an Ory failure during the role check propagates (the caller is never admitted on doubt). */
export async function decideAdmin(input: AdminGateInput): Promise<AdminDecision> {
  if (input.adminToken) return { admin: true, via: 'token' };
  if (!input.hasCredentials) return { admin: false, code: 'UNAUTHENTICATED' };
  if (input.adminRole === null) return { admin: false, code: 'FORBIDDEN' };
  const session = await input.freshSession();
  if (session === null || session.active === false) return { admin: false, code: 'UNAUTHENTICATED' };
  return hasRole(session, input.adminRole)
    ? { admin: true, via: 'role' }
    : { admin: false, code: 'FORBIDDEN' };
}

/** Turns a refusal into the contract's error. */
export function refusal(decision: AdminDecision): Error | null {
  if (decision.admin) return null;
  return apiError(decision.code === 'UNAUTHENTICATED' ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN);
}
