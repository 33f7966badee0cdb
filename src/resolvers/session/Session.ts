import type {
  SessionAuthenticationMethodResolvers,
  SessionDeviceResolvers,
  SessionResolvers,
} from '../../__generated__/resolvers-types';
import { ErrorCode, apiError } from '../../errors';
import { assuranceLevel } from '../enums';
import { required } from '../json';
import { partialIdentity } from './partialIdentity';

/** Why `tokenized` works on `me` only: Ory signs the session of the request's credentials, and no other. */
const NOT_CURRENT_SESSION =
  'tokenized is only available on the current session of the caller (select it on `me`): Ory makes JWTs of ' +
  'the session that signs the request, never of another one.';

export const Session: SessionResolvers = {
  /** Federation entity lookup: administrators see any session, others only their own (contract §6). */
  __resolveReference: async (reference, ctx) => {
    if (await ctx.isAdmin()) return (await ctx.admin()).ory.sessions.get(reference.id);
    const session = await ctx.loaders.session();
    return session !== null && session.id === reference.id ? { ...session, current: true } : null;
  },
  active: (session) => session.active ?? false,
  expiresAt: (session) => required(session.expires_at, 'expires_at'),
  authenticatedAt: (session) => required(session.authenticated_at, 'authenticated_at'),
  issuedAt: (session) => required(session.issued_at, 'issued_at'),
  authenticatorAssuranceLevel: (session) => assuranceLevel(session.authenticator_assurance_level),
  authenticationMethods: (session) => session.authentication_methods ?? [],
  devices: (session) => session.devices ?? [],
  /**
   * Sessions reach this schema with their identity embedded (whoami and the admin reads ask Ory to expand it), so
   * no further call is needed: Ory's session JSON carries no identity id. The caller's own sessions from Ory's
   * `/sessions` list embed a shortened identity (no addresses), which a normalized client cache would store over
   * the real one: those take the caller's identity from whoami (one call per operation, only when selected).
   */
  identity: async (session, _args, ctx) => {
    if (session.ownedByCaller === true) return (await ctx.loaders.session())?.identity ?? null;
    const identity = session.identity ?? null;
    return identity !== null && session.partialIdentity === true ? partialIdentity(identity) : identity;
  },
  /** One Ory call per template and operation; refused without one on sessions that are not the caller's own. */
  tokenized: (session, { template }, ctx) => {
    if (session.current !== true) throw apiError(ErrorCode.FORBIDDEN, NOT_CURRENT_SESSION);
    return ctx.ory.sessionTokens.tokenize(template);
  },
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
