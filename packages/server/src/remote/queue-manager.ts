import { EwmaRate, desiredShards } from './desired-shards.js'
import type { QueueSettings } from './queue-config.js'
import type { QueueMetrics } from './remote-write-metrics.js'
import type { WriteSender } from './remote-write-client.js'
import type { SendTracker } from './send-tracker.js'
import { Shard, type ShardContext } from './shard.js'
import type { WalBatch } from './wal-batch.js'

/** Samples that came into storage so far and the newest timestamp among them (ms). */
export interface IngestStats {
  samples: number
  highestMs: number
}

/** Options of a {@link QueueManager}. */
export interface QueueManagerOptions {
  settings: QueueSettings
  send: WriteSender
  tracker: SendTracker
  metrics: QueueMetrics
  log: (message: string) => void
  /**
   * What storage took in (the TSDB's appended-samples total and head max time): the incoming rate
   * and the delay that drive resharding. Without it the queue measures what it was handed.
   */
  ingest?: () => IngestStats
  /** How often the shard count is reconsidered (Prometheus: 10 s). */
  shardUpdateIntervalMs?: number
  /** How long a stop may spend sending what is queued (Prometheus's flush deadline: 1 min). */
  flushDeadlineMs?: number
}

/**
 * Prometheus's QueueManager: spreads samples over shards by series, applies backpressure (append
 * waits while the target shard is at capacity), and every shard-update interval recomputes the
 * shard count from the incoming rate, the outgoing rate, the time spent sending and the delay,
 * resharding between min_shards and max_shards. Resharding waits for requests in flight and moves
 * the queued samples to the new shards in order, so nothing is dropped or reordered.
 */
export class QueueManager {
  private readonly opts: QueueManagerOptions
  private shards: Shard[] = []
  private readonly hardStop = new AbortController()
  private readonly ctx: ShardContext
  private resharding: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined
  private readonly interval: number
  private readonly dataIn: EwmaRate
  private readonly dataOut: EwmaRate
  private readonly dataDropped: EwmaRate
  private readonly sendSeconds: EwmaRate
  private lastIngest: IngestStats | undefined
  private handedIn = 0
  private highestInMs = -Infinity
  private highestSentMs = -Infinity
  private lastDeliveredAtMs = 0
  private desired: number

  constructor(opts: QueueManagerOptions) {
    this.opts = opts
    this.interval = opts.shardUpdateIntervalMs ?? 10_000
    this.dataIn = new EwmaRate(this.interval)
    this.dataOut = new EwmaRate(this.interval)
    this.dataDropped = new EwmaRate(this.interval)
    this.sendSeconds = new EwmaRate(this.interval)
    this.desired = opts.settings.minShards
    this.ctx = {
      settings: opts.settings,
      send: opts.send,
      tracker: opts.tracker,
      metrics: opts.metrics,
      log: opts.log,
      hardStop: this.hardStop.signal,
      onAttempt: (ok, samples, seconds, highestT) => {
        this.sendSeconds.add(seconds)
        if (ok) {
          this.dataOut.add(samples)
          this.lastDeliveredAtMs = Date.now()
          if (highestT > this.highestSentMs) {
            this.highestSentMs = highestT
            opts.metrics.highestSentSeconds(highestT / 1000)
          }
        }
        this.updatePending()
      },
    }
  }

  /** Newest timestamp of any sample delivered so far; -Infinity before the first delivery. */
  get highestSentTimestamp(): number {
    return this.highestSentMs
  }

  /** Current number of shards. */
  get numShards(): number {
    return this.shards.length
  }

  /** Samples queued in the shards. */
  get pending(): number {
    let n = 0
    for (const s of this.shards) n += s.size
    return n
  }

  /** Starts min_shards shards and the resharding timer. */
  start(): void {
    const s = this.opts.settings
    this.shards = Array.from({ length: s.minShards }, () => new Shard(this.ctx))
    for (const shard of this.shards) shard.start()
    this.publishShards()
    this.timer = setInterval(() => void this.updateShards(), this.interval)
    this.timer.unref()
  }

  /** Samples dropped before queueing (relabelling, unknown series): they count against the need for shards. */
  dropped(n: number): void {
    this.dataDropped.add(n)
  }

  /** Queues a batch, waiting while a target shard is full; returns early (leaving the rest) on stop. */
  async append(b: WalBatch): Promise<void> {
    const { series, t, v, seq, hist } = b
    const withHist = b.histograms > 0
    let i = 0
    while (i < b.length) {
      if (this.resharding !== undefined) await this.resharding
      if (this.hardStop.signal.aborted || this.stopped) return
      const shards = this.shards
      const n = shards.length
      let blocked: Shard | undefined
      for (; i < b.length; i++) {
        const s = series[i]!
        const shard = shards[s.hash % n]!
        if (!shard.hasSpace) {
          blocked = shard
          break
        }
        const ti = t[i]!
        shard.push(s, ti, v[i]!, seq[i]!, withHist ? hist[i] : undefined)
        this.handedIn++
        if (ti > this.highestInMs) this.highestInMs = ti
      }
      this.updatePending()
      if (blocked !== undefined) await blocked.waitForSpace()
    }
  }

  private stopped = false

  /**
   * Stops: no more appends, then the shards send what is queued for up to `flushMs` (by default
   * the flush deadline), stopping at the first failed request; anything still in flight then is
   * abandoned.
   */
  async stop(flushMs = this.opts.flushDeadlineMs ?? 60_000): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearInterval(this.timer)
    if (this.resharding !== undefined) await this.resharding
    const drained = Promise.all(this.shards.map((s) => s.stop(true)))
    let deadline: NodeJS.Timeout | undefined
    await Promise.race([
      drained,
      new Promise<void>((resolve) => {
        deadline = setTimeout(resolve, flushMs)
      }),
    ])
    clearTimeout(deadline)
    this.hardStop.abort()
    await drained
    this.updatePending()
  }

  private updatePending(): void {
    this.opts.metrics.setPending(this.pending)
  }

  private publishShards(): void {
    const s = this.opts.settings
    this.opts.metrics.setShards(
      this.shards.length,
      this.desired,
      s.minShards,
      s.maxShards,
      s.capacity,
      s.maxSamplesPerSend,
    )
  }

  /** One shard-update tick: measure, decide, reshard if it is worth it. */
  private async updateShards(): Promise<void> {
    if (this.stopped || this.resharding !== undefined) return
    const ingest = this.opts.ingest?.()
    let highestIn = this.highestInMs
    if (ingest !== undefined) {
      this.dataIn.add(
        this.lastIngest === undefined ? 0 : Math.max(0, ingest.samples - this.lastIngest.samples),
      )
      this.lastIngest = ingest
      highestIn = Math.max(highestIn, ingest.highestMs)
    } else this.dataIn.add(this.handedIn)
    this.handedIn = 0
    for (const r of [this.dataIn, this.dataOut, this.dataDropped, this.sendSeconds]) r.tick()
    const delayMs =
      Number.isFinite(highestIn) && Number.isFinite(this.highestSentMs) ? highestIn - this.highestSentMs : 0
    const s = this.opts.settings
    const { shards, desired } = desiredShards({
      current: this.shards.length,
      min: s.minShards,
      max: s.maxShards,
      inRate: this.dataIn.rate,
      outRate: this.dataOut.rate,
      droppedRate: this.dataDropped.rate,
      sendSecondsRate: this.sendSeconds.rate,
      delaySeconds: Math.max(0, delayMs / 1000),
    })
    this.desired = desired
    this.publishShards()
    // Like Prometheus, do not reshard unless a send succeeded within two batch deadlines (at its
    // one-second resolution): while sends fail, more shards would only fail faster.
    const recent = Math.max(2 * s.batchSendDeadlineMs, 1000)
    if (shards === this.shards.length || Date.now() - this.lastDeliveredAtMs > recent) return
    await this.reshard(shards)
  }

  /** Replaces the shards with `n` new ones, moving queued samples over in order. */
  async reshard(n: number): Promise<void> {
    if (this.stopped) return
    let done!: () => void
    this.resharding = new Promise((resolve) => (done = resolve))
    try {
      this.opts.log(
        `level=info component=remote msg="Remote storage resharding" from=${this.shards.length} to=${n}`,
      )
      const old = this.shards
      await Promise.all(old.map((s) => s.stop(false)))
      const fresh = Array.from({ length: n }, () => new Shard(this.ctx))
      for (const s of old) s.takeAll((e, t, v, seq, h) => fresh[e.hash % n]!.push(e, t, v, seq, h))
      this.shards = fresh
      for (const s of fresh) s.start()
      this.publishShards()
    } finally {
      this.resharding = undefined
      done()
    }
  }
}
