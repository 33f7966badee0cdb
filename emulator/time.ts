/** Timestamps formatted like Go's `time.RFC3339Nano` in UTC (trailing fractional zeros trimmed). */
export function goTime(date: Date): string {
  const iso = date.toISOString(); // 2026-03-20T11:01:06.120Z
  return iso.replace(/\.(\d*?)0*Z$/, (_match, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** `time.Duration` is marshalled as integer nanoseconds. */
export function durationNanos(ms: number): number {
  return Math.round(ms) * 1_000_000;
}
