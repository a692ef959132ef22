/**
 * The φ-quantile of a set of floats with linear interpolation between closest ranks, as
 * Prometheus's `quantile` helper computes it for quantile_over_time, mad_over_time and the
 * quantile aggregation. NaN sorts below every number.
 */
export function sampleQuantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN
  if (q < 0) return -Infinity
  if (q > 1) return Infinity
  values.sort((a, b) =>
    Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a < b ? -1 : a > b ? 1 : 0,
  )
  const n = values.length
  const rank = q * (n - 1)
  const lower = Math.max(0, Math.floor(rank))
  const upper = Math.min(n - 1, lower + 1)
  const weight = rank - Math.floor(rank)
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight
}
