import type { QueryResolvers } from '../../__generated__/resolvers-types';

/** `null` when the caller is not signed in: never an error for that (contract §2). */
export const me: QueryResolvers['me'] = (_parent, _args, ctx) => ctx.loaders.session();
