import { QuantileSummary } from './quantile-summary.js'
import { MetricConfigError } from '../errors.js'

/** Options of {@link SlidingWindowQuantiles}. */
export interface SlidingWindowQuantilesOptions {
  /** How far back observations count, in seconds; default 600 (client_golang's and prom-client's default). */
  maxAgeSeconds?: number
  /** How many staggered streams share the window; default 5. More streams make expiry smoother. */
  ageBuckets?: number
  /** The clock, in milliseconds; default `Date.now`. */
  now?: () => number
  /** Guaranteed rank error as a fraction of the window's observations; default 0.001 (0.1 %). */
  rankError?: number
}

const DEFAULT_MAX_AGE_SECONDS = 600
const DEFAULT_AGE_BUCKETS = 5
const DEFAULT_RANK_ERROR = 0.001
// Observations are sorted once per batch and merged into every stream; larger batches amortise the merge.
const BATCH_SIZE = 512

/**
 * Quantiles over a sliding time window, as client_golang's Summary computes them.
 *
 * `ageBuckets` streams each cover the whole window, staggered by `maxAgeSeconds / ageBuckets`: every
 * observation goes into all of them, and every stagger interval the oldest stream is cleared and the next one
 * becomes the one queried. The queried stream therefore holds the observations of the last
 * `maxAgeSeconds · (1 - 1/ageBuckets)` to `maxAgeSeconds` seconds. Unlike prom-client, each stream has its own
 * estimator, so expired observations really leave the estimate. Unlike client_golang, the first stream is
 * cleared one interval after start rather than one window after, so observations made right after start expire
 * after at most `maxAgeSeconds` too (client_golang keeps them up to twice as long).
 *
 * Error bound: each stream is a Greenwald–Khanna summary, so `quantile(q)` returns an observed value whose rank
 * among the `n` observations of the queried stream is within `rankError · n` of `⌈q · n⌉`, for any `q` chosen at
 * read time. NaN observations are ignored (the Summary's count and sum still see them).
 *
 * Not safe for concurrent use from several workers; one instance belongs to one series.
 */
export class SlidingWindowQuantiles {
  private readonly streams: QuantileSummary[]
  private readonly streamDurationMs: number
  private readonly now: () => number
  private readonly rankError: number
  private batch: Float64Array | undefined
  private batchLength = 0
  private headIndex = 0
  private headExpiresAt: number

  constructor(opts: SlidingWindowQuantilesOptions = {}) {
    const maxAgeSeconds = opts.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS
    const ageBuckets = opts.ageBuckets ?? DEFAULT_AGE_BUCKETS
    const rankError = opts.rankError ?? DEFAULT_RANK_ERROR
    if (!(maxAgeSeconds > 0) || !Number.isFinite(maxAgeSeconds)) {
      throw invalidOption(`maxAgeSeconds must be a positive number, got ${maxAgeSeconds}`)
    }
    if (!Number.isInteger(ageBuckets) || ageBuckets < 1) {
      throw invalidOption(`ageBuckets must be a positive integer, got ${ageBuckets}`)
    }
    if (!(rankError > 0 && rankError < 1)) {
      throw invalidOption(`rankError must be between 0 and 1 exclusive, got ${rankError}`)
    }
    this.now = opts.now ?? Date.now
    this.rankError = rankError
    this.streamDurationMs = (maxAgeSeconds * 1000) / ageBuckets
    this.streams = []
    for (let i = 0; i < ageBuckets; i++) this.streams.push(new QuantileSummary(rankError))
    this.headExpiresAt = this.now() + this.streamDurationMs
  }

  /** Records one observation; NaN is ignored. Amortised O(log batch + streams · tuples / batch), no allocation. */
  observe(value: number): void {
    if (value !== value) return
    const t = this.now()
    if (t >= this.headExpiresAt) this.rotate(t)
    let batch = this.batch
    if (batch === undefined) {
      batch = new Float64Array(BATCH_SIZE)
      this.batch = batch
    }
    batch[this.batchLength++] = value
    if (this.batchLength === BATCH_SIZE) this.flush()
  }

  /**
   * The `q`-quantile (0 <= q <= 1) of the observations in the current window, within the rank error stated on
   * the class; NaN when the window holds no observation or `q` is outside 0..1.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) return NaN
    const t = this.now()
    if (t >= this.headExpiresAt) this.rotate(t)
    this.flush()
    return (this.streams[this.headIndex] as QuantileSummary).query(q)
  }

  /** How many observations the window currently holds. */
  count(): number {
    const t = this.now()
    if (t >= this.headExpiresAt) this.rotate(t)
    return (this.streams[this.headIndex] as QuantileSummary).count + this.batchLength
  }

  /** The queried stream's weighted values (see `QuantileSummary.weightedValues`), for multi-process merging. */
  weightedValues(): { values: number[]; weights: number[] } {
    const t = this.now()
    if (t >= this.headExpiresAt) this.rotate(t)
    this.flush()
    return (this.streams[this.headIndex] as QuantileSummary).weightedValues()
  }

  /** Forgets every observation and restarts the window at the current time. */
  reset(): void {
    this.batchLength = 0
    for (const stream of this.streams) stream.reset()
    this.headIndex = 0
    this.headExpiresAt = this.now() + this.streamDurationMs
  }

  /** The rank error this instance guarantees, as a fraction of the window's observation count. */
  get guaranteedRankError(): number {
    return this.rankError
  }

  private flush(): void {
    const length = this.batchLength
    const batch = this.batch
    if (length === 0 || batch === undefined) return
    const sorted = batch.subarray(0, length).sort()
    for (const stream of this.streams) stream.insertSorted(sorted, length)
    this.batchLength = 0
  }

  // Every buffered observation was made before the head expired (each observe checks first), so it belongs in
  // the streams being retired.
  private rotate(t: number): void {
    this.flush()
    const streamCount = this.streams.length
    const rotations = Math.floor((t - this.headExpiresAt) / this.streamDurationMs) + 1
    // After a full lap every stream has expired; clearing each once is enough however long the pause was.
    const cleared = Math.min(rotations, streamCount)
    for (let r = 0; r < cleared; r++) {
      const head = this.streams[(this.headIndex + r) % streamCount] as QuantileSummary
      head.reset()
    }
    this.headIndex = (this.headIndex + rotations) % streamCount
    this.headExpiresAt += rotations * this.streamDurationMs
  }
}

function invalidOption(detail: string): MetricConfigError {
  return new MetricConfigError(`cannot create sliding-window quantiles (${detail})`)
}
