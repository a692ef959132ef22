import type { Registry } from '@watchfire/client'
import type { Config } from '../config/config-types.js'
import type { MetadataSource } from './metadata-sender.js'
import type { IngestStats } from './queue-manager.js'
import { RemoteWriteMetrics } from './remote-write-metrics.js'
import { WriteQueue } from './write-queue.js'

/** Options of {@link RemoteWriteStorage}. */
export interface RemoteWriteStorageOptions {
  /** The TSDB's WAL directory (`<storage.tsdb.path>/wal`). */
  walDir: string
  /** Where queue positions are kept (`<storage.tsdb.path>/remote-write`). */
  stateDir: string
  registry: Registry
  log: (message: string) => void
  /** Samples appended to the TSDB so far and its newest timestamp. */
  ingest?: () => IngestStats
  /** The scraped targets' metadata, for metadata_config.send. */
  metadata?: MetadataSource
  pollIntervalMs?: number
  shardUpdateIntervalMs?: number
  /** --storage.remote.flush-deadline: how long a shutdown may spend sending what is left (default 1m). */
  flushDeadlineMs?: number
  persistIntervalMs?: number
}

/**
 * The `remote_write` side of the server (Prometheus's remote.WriteStorage): one {@link WriteQueue}
 * per configured endpoint, all reading the TSDB's WAL. A reload keeps queues whose configuration
 * (and external labels) did not change, and restarts the others, which resume from their saved
 * position, so a reload loses nothing either.
 */
export class RemoteWriteStorage {
  private readonly opts: RemoteWriteStorageOptions
  private readonly metrics: RemoteWriteMetrics
  private queues = new Map<string, WriteQueue>()
  private timer: NodeJS.Timeout | undefined
  private lastIn: IngestStats | undefined
  private stopped = false

  constructor(opts: RemoteWriteStorageOptions) {
    this.opts = opts
    this.metrics = new RemoteWriteMetrics(opts.registry)
  }

  /** The running queues by their `remote_name`. */
  get running(): ReadonlyMap<string, WriteQueue> {
    return new Map([...this.queues.values()].map((q) => [q.name, q]))
  }

  /**
   * The oldest of the queues' newest delivered timestamps, as Prometheus's LowestSentTimestamp: up
   * to there every queue is done with the WAL. A queue that has delivered nothing yet counts as 0
   * (keep everything); with no queues it is Infinity (nothing to wait for).
   */
  lowestSentTimestamp(): number {
    let lowest = Infinity
    for (const q of this.queues.values()) lowest = Math.min(lowest, Math.max(0, q.highestSentTimestamp))
    return lowest
  }

  /** Starts, keeps or restarts queues to match `config.remoteWrite`. */
  async applyConfig(config: Config): Promise<void> {
    if (this.stopped) return
    const wanted = new Map(
      config.remoteWrite.map((rw) => [JSON.stringify([rw, config.global.externalLabels]), rw]),
    )
    // Stop replaced queues before their successors start, so two never read for one destination;
    // keep the metric series of a destination that stays (name and URL unchanged).
    const staying = new Set(config.remoteWrite.map((rw) => `${rw.name}\n${rw.url}`))
    for (const [key, q] of this.queues) {
      if (wanted.has(key)) continue
      this.queues.delete(key)
      if (staying.has(`${q.configName}\n${q.url}`)) await q.stop()
      else await q.remove()
    }
    for (const [key, rw] of wanted) {
      if (this.queues.has(key)) continue
      const q = new WriteQueue({
        config: rw,
        externalLabels: config.global.externalLabels,
        walDir: this.opts.walDir,
        stateDir: this.opts.stateDir,
        metrics: this.metrics,
        log: this.opts.log,
        ingest: this.opts.ingest,
        pollIntervalMs: this.opts.pollIntervalMs,
        shardUpdateIntervalMs: this.opts.shardUpdateIntervalMs,
        flushDeadlineMs: this.opts.flushDeadlineMs,
        persistIntervalMs: this.opts.persistIntervalMs,
        metadata: this.opts.metadata,
      })
      this.queues.set(key, q)
      q.start()
    }
  }

  /**
   * Runs until `signal` aborts, then shuts every queue down (see {@link stop}). Abort it only once
   * nothing appends any more, so the queues send what the last appends wrote.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.timer = setInterval(() => this.observeIngest(), 1000)
    this.timer.unref()
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve()
      else signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await this.stop()
  }

  /**
   * Shuts every queue down: each reads the WAL to its current end and sends it all, within the
   * flush deadline (the queues in parallel, so the whole stop is bounded by one deadline).
   */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    await Promise.all([...this.queues.values()].map((q) => q.shutdown()))
  }

  private observeIngest(): void {
    const now = this.opts.ingest?.()
    if (now === undefined) return
    this.metrics.observeIn(
      this.lastIn === undefined ? 0 : Math.max(0, now.samples - this.lastIn.samples),
      now.highestMs,
    )
    this.lastIn = now
  }
}
