/** One quantile of a {@link SummarySnapshot}; NaN when nothing was observed in the window. */
export interface QuantileValue {
  readonly quantile: number
  readonly value: number
}

/** Count and sum of every observation, and quantiles over the recent ones. */
export interface SummarySnapshot {
  readonly count: number
  readonly sum: number
  readonly quantiles: readonly QuantileValue[]
}

/**
 * Observations of a frequent-ish event (a WAL fsync, about once a second) kept for a summary: the
 * count and sum of all of them, and the last `capacity` values with their times, from which
 * quantiles over a sliding window are computed at scrape time (as Prometheus's summaries do over
 * their 10 min max age). Observing costs two array writes.
 */
export class RecentObservations {
  private readonly values: Float64Array
  private readonly atMs: Float64Array
  private readonly windowMs: number
  private total = 0
  private sumOf = 0

  /** The default capacity holds 17 min of fsyncs at the WAL's default one a second: more than the window. */
  constructor(capacity = 1024, windowMs = 600_000) {
    this.values = new Float64Array(capacity)
    this.atMs = new Float64Array(capacity)
    this.windowMs = windowMs
  }

  /** Records `value`, observed at `nowMs`. */
  observe(value: number, nowMs = Date.now()): void {
    const i = this.total % this.values.length
    this.values[i] = value
    this.atMs[i] = nowMs
    this.total++
    this.sumOf += value
  }

  /** Count, sum, and the `quantiles` (0..1) of the values kept from the last window before `nowMs`. */
  snapshot(quantiles: readonly number[], nowMs = Date.now()): SummarySnapshot {
    const recent: number[] = []
    const kept = Math.min(this.total, this.values.length)
    for (let i = 0; i < kept; i++) {
      if ((this.atMs[i] as number) > nowMs - this.windowMs) recent.push(this.values[i] as number)
    }
    recent.sort((a, b) => a - b)
    return {
      count: this.total,
      sum: this.sumOf,
      quantiles: quantiles.map((q) => ({
        quantile: q,
        value: recent.length === 0 ? NaN : (recent[Math.max(0, Math.ceil(q * recent.length) - 1)] as number),
      })),
    }
  }
}
