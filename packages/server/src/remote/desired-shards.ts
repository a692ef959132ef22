/** Weight of the newest interval in the moving rates (Prometheus's ewmaWeight). */
const EWMA_WEIGHT = 0.2
/** A new shard count must differ from the current one by more than this fraction. */
const SHARD_TOLERANCE = 0.3
/** Part of the backlog to catch up on per second. */
const BACKLOG_CATCHUP = 0.05
/** Behind by more than this many seconds, the queue never shrinks. */
const MAX_DELAY_TO_DOWNSHARD_S = 10

/**
 * An exponentially weighted rate of events per second, ticked at a fixed interval, like
 * Prometheus's ewmaRate: the first tick sets it, later ticks move it by a fifth of the way.
 */
export class EwmaRate {
  private pending = 0
  private value = 0
  private started = false

  constructor(private readonly intervalMs: number) {}

  /** Counts events since the last tick. */
  add(n: number): void {
    this.pending += n
  }

  /** Closes an interval. */
  tick(): void {
    const instant = this.pending / (this.intervalMs / 1000)
    this.pending = 0
    if (this.started) this.value += EWMA_WEIGHT * (instant - this.value)
    else if (instant > 0) {
      this.value = instant
      this.started = true
    }
  }

  /** Events per second. */
  get rate(): number {
    return this.value
  }
}

/** What {@link desiredShards} decides from. Rates are per second. */
export interface ShardingInput {
  current: number
  min: number
  max: number
  /** Samples arriving in storage. */
  inRate: number
  /** Samples delivered (or given up). */
  outRate: number
  /** Samples dropped before sending (relabelling). */
  droppedRate: number
  /** Seconds spent sending per second (the sum of batch durations over the interval). */
  sendSecondsRate: number
  /** Newest timestamp received minus newest sent, in seconds. */
  delaySeconds: number
}

/**
 * The shard count Prometheus's calculateDesiredShards would pick: enough shards to send what comes
 * in plus 5% of the backlog per second at the measured time per sample, changed only when it moves
 * by more than 30%, never below min or above max, and never down while more than 10 s behind.
 * Also returns the raw estimate for `prometheus_remote_storage_shards_desired`.
 */
export function desiredShards(x: ShardingInput): { shards: number; desired: number } {
  if (x.outRate <= 0) return { shards: x.current, desired: x.current }
  const keptRatio = x.outRate / (x.droppedRate + x.outRate)
  const pending = Math.max(0, x.delaySeconds) * x.inRate * keptRatio
  const timePerSample = x.sendSecondsRate / x.outRate
  const desired = timePerSample * (x.inRate * keptRatio + BACKLOG_CATCHUP * pending)
  const lower = x.current * (1 - SHARD_TOLERANCE)
  const upper = x.current * (1 + SHARD_TOLERANCE)
  const wanted = Math.ceil(desired)
  if (wanted >= lower && wanted <= upper) return { shards: x.current, desired }
  if (wanted < x.current && x.delaySeconds > MAX_DELAY_TO_DOWNSHARD_S) return { shards: x.current, desired }
  return { shards: Math.min(x.max, Math.max(x.min, wanted)), desired }
}
