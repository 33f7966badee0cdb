/** Timestamps formatted like Go's `time.RFC3339Nano` in UTC (trailing fractional zeros trimmed). */
export function goTime(date: Date): string {
  const iso = date.toISOString(); // 2026-03-20T11:01:06.120Z
  return iso.replace(/\.(\d*?)0*Z$/, (_match, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** `time.Duration` is marshalled as integer nanoseconds. */
export function durationNanos(ms: number): number {
  return Math.round(ms) * 1_000_000;
}

/** Go's `time.Time.String()` of a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTimeString(date: Date): string {
  const [day = '', clock = ''] = goTime(date).replace(/Z$/, '').split('T');
  return `${day} ${clock} +0000 UTC`;
}
