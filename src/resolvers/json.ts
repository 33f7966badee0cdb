/** Ory types some JSON fields as `any`; these helpers give them a checked shape. */
export function jsonObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : null;
}

export function json(value: unknown): unknown {
  return value ?? null;
}

/**
 * A field Ory always sends although its SDK types it optional (a session's times, say). Its absence means a
 * broken answer: the field fails (masked as INTERNAL_SERVER_ERROR, logged) rather than being passed on as null.
 */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === undefined || value === null) throw new Error(`Ory's answer has no ${field}`);
  return value;
}
