import type {
  SessionAuthenticationMethodResolvers,
  SessionDeviceResolvers,
  SessionResolvers,
} from '../../__generated__/resolvers-types';
import { assuranceLevel } from '../enums';

export const Session: SessionResolvers = {
  /** Federation entity lookup: a caller may only resolve its own session (contract §6). */
  __resolveReference: async (reference, ctx) => {
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
