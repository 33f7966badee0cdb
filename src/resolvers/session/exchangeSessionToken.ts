import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { badInput } from '../../errors';

/** Exchange codes are short opaque strings; anything else cannot be one and is refused before Ory is asked. */
const EXCHANGE_CODE = /^[A-Za-z0-9_-]{1,256}$/;

export const exchangeSessionToken: MutationResolvers['exchangeSessionToken'] = (_parent, { input }, ctx) => {
  for (const [field, value] of Object.entries(input)) {
    if (!EXCHANGE_CODE.test(value)) throw badInput(`${field} is not an exchange code.`, field);
  }
  return ctx.ory.sessions.exchangeToken(input.initCode, input.returnToCode);
};
