/** Medians and ranges of per-round figures, the way every figure of the report is given. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, n: sorted.length };
}

/** Per-round ratios a[i] / b[i] (rounds are interleaved, so round i of both arms ran side by side). */
export function ratios(a: readonly number[], b: readonly number[]): Spread {
  return spread(a.map((value, i) => value / (b[i] ?? Number.NaN)));
}

export function fmt(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return '–';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function fmtSpread(s: Spread, digits?: number): string {
  if (s.n === 0) return '–';
  if (s.n === 1 || s.min === s.max) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}

/** A ratio as the targets show one: `1.05× [1.02–1.08]`. */
export function fmtRatio(s: Spread): string {
  if (s.n === 0) return '–';
  if (s.n === 1 || s.min === s.max) return `${fmt(s.median, 2)}×`;
  return `${fmt(s.median, 2)}× [${fmt(s.min, 2)}–${fmt(s.max, 2)}]`;
}
