import type {
  SessionAuthenticationMethodResolvers,
  SessionDeviceResolvers,
  SessionResolvers,
} from '../../__generated__/resolvers-types';
import { assuranceLevel } from '../enums';

export const Session: SessionResolvers = {
  /** Federation entity lookup: administrators see any session, others only their own (contract §6). */
  __resolveReference: async (reference, ctx) => {
    if (await ctx.isAdmin()) return (await ctx.admin()).ory.sessions.get(reference.id);
    const session = await ctx.loaders.session();
    return session !== null && session.id === reference.id ? session : null;
  },
  active: (session) => session.active ?? false,
  expiresAt: (session) => session.expires_at ?? null,
  authenticatedAt: (session) => session.authenticated_at ?? null,
  issuedAt: (session) => session.issued_at ?? null,
  authenticatorAssuranceLevel: (session) => assuranceLevel(session.authenticator_assurance_level),
  authenticationMethods: (session) => session.authentication_methods ?? [],
  devices: (session) => session.devices ?? [],
  /**
   * Every session reaching this schema was fetched with its identity embedded (whoami, listMySessions, and the
   * admin reads ask Ory to expand it), so no further call is needed: Ory's session JSON carries no identity id.
   */
  identity: (session) => session.identity ?? null,
};

export const SessionAuthenticationMethod: SessionAuthenticationMethodResolvers = {
  method: (method) => method.method ?? null,
  aal: (method) => assuranceLevel(method.aal),
  completedAt: (method) => method.completed_at ?? null,
};

export const SessionDevice: SessionDeviceResolvers = {
  ipAddress: (device) => device.ip_address ?? null,
  userAgent: (device) => device.user_agent ?? null,
};
