import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { Labels, relabel } from '@watchfire/model'
import { listWalSegments, walSegmentName } from '@watchfire/tsdb'
import type { RemoteWriteConfig } from '../config/config-types.js'
import { MetadataSender, type MetadataSource } from './metadata-sender.js'
import { PositionFile } from './position-file.js'
import { QueueManager, type IngestStats } from './queue-manager.js'
import { queueSettings } from './queue-config.js'
import { httpWriteSender } from './remote-write-client.js'
import type { QueueMetrics, RemoteWriteMetrics } from './remote-write-metrics.js'
import { SendTracker, type WalPosition } from './send-tracker.js'
import { SeriesEntry } from './series-entry.js'
import { WalWatcher } from './wal-watcher.js'

/** Options of a {@link WriteQueue}. */
export interface WriteQueueOptions {
  config: RemoteWriteConfig
  externalLabels: Readonly<Record<string, string>>
  walDir: string
  /** Directory for the queue's position file. */
  stateDir: string
  metrics: RemoteWriteMetrics
  log: (message: string) => void
  ingest?: () => IngestStats
  pollIntervalMs?: number
  shardUpdateIntervalMs?: number
  flushDeadlineMs?: number
  /** How often the resume position is written. Default 1 s. */
  persistIntervalMs?: number
  /** The scraped targets' metadata, sent when metadata_config.send is on (the default). */
  metadata?: MetadataSource
}

/** The stable identity of a queue's destination: its position survives config changes that keep it. */
export function queueKey(config: RemoteWriteConfig): string {
  return createHash('sha256').update(`${config.url}\n${config.name}`).digest('hex').slice(0, 16)
}

/** The end of the WAL now: where a queue that never ran starts (Prometheus starts at "now" too). */
function walEnd(walDir: string): WalPosition {
  const last = listWalSegments(walDir).at(-1)
  if (last === undefined) return { segment: 0, offset: 0 }
  return { segment: last, offset: statSync(join(walDir, walSegmentName(last))).size }
}

/**
 * One `remote_write` destination: a WAL watcher feeding a queue manager, with the resume position
 * persisted in the data directory. The position is the end of the last WAL record whose samples
 * were all delivered (or refused for good) along with everything before it, plus the newest
 * delivered timestamp of each series past it; after a restart the queue resumes there and skips
 * what it already delivered, so a restart neither loses nor repeats samples within WAL retention.
 */
export class WriteQueue {
  /** `remote_name` of the metrics: the configured name or a hash of the destination. */
  readonly name: string
  /** The configured `name` (possibly empty) and URL. */
  readonly configName: string
  readonly url: string
  private readonly opts: WriteQueueOptions
  private readonly file: PositionFile
  private readonly qm: QueueMetrics
  private tracker: SendTracker | undefined
  private watcher: WalWatcher | undefined
  private manager: QueueManager | undefined
  private closeSender: (() => void) | undefined
  private metadataSender: MetadataSender | undefined
  private readonly controller = new AbortController()
  private watching: Promise<void> | undefined
  private persistTimer: NodeJS.Timeout | undefined
  private readonly external: Labels

  constructor(opts: WriteQueueOptions) {
    this.opts = opts
    const key = queueKey(opts.config)
    this.name = opts.config.name !== '' ? opts.config.name : key.slice(0, 6)
    this.configName = opts.config.name
    this.url = opts.config.url
    this.file = new PositionFile(join(opts.stateDir, `${key}.json`))
    this.qm = opts.metrics.forQueue(this.name, opts.config.url)
    this.external = Labels.fromRecord(opts.externalLabels)
  }

  /** Reads the saved position (or starts at the WAL's end) and starts watching and sending. */
  start(): void {
    const { config, log } = this.opts
    const saved = this.file.load()
    const start = saved ?? walEnd(this.opts.walDir)
    const settings = queueSettings(config)
    const tracker = new SendTracker(start)
    const client = httpWriteSender({
      url: config.url,
      timeoutMs: config.remoteTimeoutMs,
      headers: config.headers,
      httpClient: config.httpClient,
      retryOnRateLimit: settings.retryOnRateLimit,
      maxSockets: settings.maxShards,
    })
    const send = client.send
    this.closeSender = client.close
    const manager = new QueueManager({
      settings,
      send,
      tracker,
      metrics: this.qm,
      log,
      ingest: this.opts.ingest,
      shardUpdateIntervalMs: this.opts.shardUpdateIntervalMs,
      flushDeadlineMs: this.opts.flushDeadlineMs,
    })
    const watcher = new WalWatcher({
      walDir: this.opts.walDir,
      start,
      sentBeforeStart: saved?.sent,
      tracker,
      sendHistograms: config.sendNativeHistograms,
      sendExemplars: config.sendExemplars,
      pollIntervalMs: this.opts.pollIntervalMs,
      log,
      sink: {
        makeSeries: (ref, labels, segment) => new SeriesEntry(ref, this.process(labels), segment),
        append: (batch) => manager.append(batch),
        dropped: (n) => {
          this.qm.samplesDropped(n)
          manager.dropped(n)
        },
      },
    })
    this.tracker = tracker
    this.manager = manager
    this.watcher = watcher
    if (saved === undefined) this.persist()
    manager.start()
    if (settings.sendMetadata && this.opts.metadata !== undefined) {
      this.metadataSender = new MetadataSender({
        source: this.opts.metadata,
        send,
        settings,
        metrics: this.qm,
        log,
      })
      this.metadataSender.start()
    }
    this.watching = watcher.run(this.controller.signal).catch((err: unknown) => {
      log(
        `level=error component=remote remote_name=${this.name} msg="WAL watcher stopped" err=${JSON.stringify(String(err))}`,
      )
    })
    this.persistTimer = setInterval(() => this.persist(), this.opts.persistIntervalMs ?? 1000)
    this.persistTimer.unref()
    log(
      `level=info component=remote remote_name=${this.name} url=${config.url} msg="Starting remote write queue" segment=${start.segment} offset=${start.offset}`,
    )
  }

  /** Newest timestamp this queue has delivered (since it started); -Infinity before any. */
  get highestSentTimestamp(): number {
    return this.manager?.highestSentTimestamp ?? -Infinity
  }

  /** External labels (where the series lacks them), then write_relabel_configs; undefined drops the series. */
  private process(labels: Labels): Labels | undefined {
    let ls = labels
    if (this.external.size > 0) {
      const pairs: [string, string][] = []
      labels.forEach((n, v) => pairs.push([n, v]))
      this.external.forEach((n, v) => {
        if (!labels.has(n)) pairs.push([n, v])
      })
      ls = Labels.fromPairs(pairs)
    }
    const out = relabel(ls, this.opts.config.writeRelabelConfigs)
    return out === undefined || out.size === 0 ? undefined : out
  }

  /** Writes the resume position (see SendTracker for what "sent past it" means). */
  private persist(): void {
    const tracker = this.tracker
    const watcher = this.watcher
    if (tracker === undefined || watcher === undefined) return
    const committed = tracker.committedSeq
    const sent: [number, number][] = []
    for (const [ref, s] of watcher.knownSeries) {
      if (s.sentSeq > committed) sent.push([ref, s.sentT])
      else if (s.sentSeq < 0 && s.skipUntilT > -Infinity) sent.push([ref, s.skipUntilT])
    }
    try {
      this.file.save(tracker.committed, sent, { url: this.opts.config.url, name: this.opts.config.name })
    } catch (err) {
      this.opts.log(
        `level=error component=remote remote_name=${this.name} msg="cannot save remote-write position" err=${JSON.stringify(String(err))}`,
      )
    }
  }

  /**
   * Stops reading where it is, lets the shards flush (within the flush deadline), and saves the
   * position: for a reload, where the successor resumes from that position.
   */
  async stop(): Promise<void> {
    await this.halt(false)
  }

  /**
   * Stops for a shutdown, when nothing is appended any more: reads on to the WAL's current end and
   * sends everything, all within the flush deadline, then saves the position. A receiver that is
   * down makes it give up at the deadline; the position keeps what was not delivered for the next start.
   */
  async shutdown(): Promise<void> {
    await this.halt(true)
  }

  private async halt(readToEnd: boolean): Promise<void> {
    const deadlineMs = this.opts.flushDeadlineMs ?? 60_000
    const giveUpAt = performance.now() + deadlineMs
    if (this.persistTimer !== undefined) clearInterval(this.persistTimer)
    await this.metadataSender?.stop()
    if (readToEnd && this.watching !== undefined) {
      this.watcher?.drain()
      // The watcher waits on full shards (backpressure), so a receiver that is down holds it back.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([this.watching, new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs)))])
      clearTimeout(timer)
    }
    this.controller.abort()
    await this.manager?.stop(Math.max(0, giveUpAt - performance.now()))
    await this.watching
    this.persist()
    this.closeSender?.()
  }

  /** Stops and removes the queue's metric series (it left the configuration). */
  async remove(): Promise<void> {
    await this.stop()
    this.qm.remove()
  }
}
