import type { QueryResolvers } from '../../__generated__/resolvers-types';

/**
 * `null` when the caller is not signed in: never an error for that (contract §2). A credential that cannot be
 * an Ory session token is not "signed out" but refused (UNAUTHENTICATED, by the loader, without an Ory call).
 * Marked `current` (a copy: the loader's session may be shared) so that `Session.tokenized` knows it is the
 * caller's own.
 */
export const me: QueryResolvers['me'] = async (_parent, _args, ctx) => {
  const session = await ctx.loaders.session();
  return session === null ? null : { ...session, current: true };
};
