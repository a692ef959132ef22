/** What a {@link Distribution} holds at one moment: cumulative counts per upper bound, +Inf last. */
export interface DistributionSnapshot {
  /** Upper bounds, ascending, ending with Infinity (a summary without quantiles has just that one). */
  readonly upperBounds: readonly number[]
  /** Observations ≤ each upper bound. */
  readonly cumulativeCounts: readonly number[]
  readonly count: number
  readonly sum: number
}

/**
 * A fixed-bucket tally of observations the TSDB makes on rare events (a compaction, a truncation,
 * a chunk written into a block): a few numbers, read at scrape time, however many were observed.
 */
export class Distribution {
  private readonly bounds: readonly number[]
  private readonly counts: Float64Array
  private total = 0
  private sumOf = 0

  /** `upperBounds` ascending, without +Inf (always added); none keeps only the count and sum. */
  constructor(upperBounds: readonly number[] = []) {
    this.bounds = [...upperBounds, Infinity]
    this.counts = new Float64Array(this.bounds.length)
  }

  /** Records one observation. */
  observe(value: number): void {
    let i = 0
    while (value > (this.bounds[i] as number)) i++
    this.counts[i] = (this.counts[i] as number) + 1
    this.total++
    this.sumOf += value
  }

  /** Records how long `task` took, in seconds, whether it threw or not. */
  time<T>(task: () => T): T {
    const start = performance.now()
    try {
      return task()
    } finally {
      this.observe((performance.now() - start) / 1000)
    }
  }

  /** Records how long the promised `task` took, in seconds, whether it failed or not. */
  async timeAsync<T>(task: () => Promise<T>): Promise<T> {
    const start = performance.now()
    try {
      return await task()
    } finally {
      this.observe((performance.now() - start) / 1000)
    }
  }

  /** The current figures. */
  snapshot(): DistributionSnapshot {
    const cumulativeCounts: number[] = []
    let running = 0
    for (const c of this.counts) cumulativeCounts.push((running += c))
    return { upperBounds: this.bounds, cumulativeCounts, count: this.total, sum: this.sumOf }
  }
}

/** `count` bounds starting at `start`, each `factor` times the previous (Prometheus's ExponentialBuckets). */
export function exponentialBounds(start: number, factor: number, count: number): number[] {
  const out: number[] = []
  for (let i = 0, b = start; i < count; i++, b *= factor) out.push(b)
  return out
}
