/**
 * Identities that Ory embeds cut short in admin session lists (no addresses; no `schema_url` in an identity's
 * own session list). Serving them as they are would hand a normalized client cache empty addresses for an
 * identity id, which it stores over the real ones (issue found with Apollo Client). So such an identity is
 * marked, and the fields Ory left out are read from the full identity, through the batched identity loader: one
 * Ory call per page, and only when one of those fields is selected.
 */
import type { Context } from '../../context/context';
import type { Identity, OryPage, SessionView } from '../../ory/models';

const partial = new WeakSet<Identity>();

/** Marks the sessions of an admin list page: their identities are cut short. */
export function withPartialIdentities(page: OryPage<SessionView>): OryPage<SessionView> {
  return { ...page, items: page.items.map((session) => ({ ...session, partialIdentity: true as const })) };
}

/** A copy of a cut-short identity, marked as such. */
export function partialIdentity(identity: Identity): Identity {
  const copy = { ...identity };
  partial.add(copy);
  return copy;
}

/**
 * The identity with every field Ory has for it. Only administrators reach a marked identity (admin lists);
 * one deleted meanwhile keeps what the list gave.
 */
export async function fullIdentity(identity: Identity, ctx: Context): Promise<Identity> {
  if (!partial.has(identity)) return identity;
  return (await (await ctx.admin()).identityById.load(identity.id)) ?? identity;
}
