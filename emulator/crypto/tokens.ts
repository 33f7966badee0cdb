/** Random identifiers and tokens with Kratos' formats (`x/token_prefixes.go`). */
import { randomInt, randomUUID } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length));
  return out;
}

export const newId = (): string => randomUUID();

/** Session token: `ory_st_` + 32 alphanumerics. */
export const newSessionToken = (): string => `ory_st_${randomAlphanumeric(32)}`;

/** Logout token (browser logout, later slices): `ory_lo_` + 32 alphanumerics. */
export const newLogoutToken = (): string => `ory_lo_${randomAlphanumeric(32)}`;

/** Opaque session-token exchange codes (`init_code`, `return_to_code`). */
export const newExchangeCode = (): string => randomAlphanumeric(64);

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Accepts the canonical form (what gofrs/uuid's `FromString` accepts in practice). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
