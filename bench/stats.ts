/** Small statistics for the results table. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** "mean (min–max)" over runs, or the single value when there was one run. */
export function summarize(values: readonly number[], digits = 0): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "n/a";
  const format = (value: number) =>
    value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (finite.length === 1) return format(finite[0] as number);
  return `${format(mean(finite))} (${format(Math.min(...finite))}–${format(Math.max(...finite))})`;
}
