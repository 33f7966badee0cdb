/** Pieces shared by every flow submission. */

/** What every `update*Flow` submission may carry besides its method. */
export interface SubmitCommon {
  /** The browser flow's CSRF token (ignored by Ory for native flows). */
  csrfToken?: string | null;
  /** Ory `transient_payload`: passed to webhooks, not stored. */
  transientPayload?: Record<string, unknown> | null;
}

/**
 * Ory's `code` method for recovery and verification: first `email` (Ory mails a code), then `code` alone.
 */
export interface CodeMethod {
  email?: string | null;
  code?: string | null;
}

/** Turns GraphQL's `null` into the SDK's `undefined` (an absent parameter). */
export const opt = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
