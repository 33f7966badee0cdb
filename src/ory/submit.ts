/** Turns GraphQL's `null` into the SDK's `undefined` (an absent parameter). */
export const opt = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
