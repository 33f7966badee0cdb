/** Ory types some JSON fields as `any`; these helpers give them a checked shape. */
export function jsonObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : null;
}

export function json(value: unknown): unknown {
  return value ?? null;
}
