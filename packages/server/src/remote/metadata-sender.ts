import { compress } from 'snappyjs'
import { abortableSleep } from './abortable-sleep.js'
import type { QueueSettings } from './queue-config.js'
import type { QueueMetrics } from './remote-write-metrics.js'
import { RemoteWriteError, type WriteSender } from './remote-write-client.js'
import { WriteRequestBuilder, type WriteMetadata } from './write-request.js'

/** The metadata of the targets being scraped now (family, type, help, unit). */
export type MetadataSource = () => Iterable<WriteMetadata>

/** Options of a {@link MetadataSender}. */
export interface MetadataSenderOptions {
  source: MetadataSource
  send: WriteSender
  settings: QueueSettings
  metrics: QueueMetrics
  log: (message: string) => void
}

/**
 * Sends the scraped targets' metric metadata every `metadata_config.send_interval`, in requests of
 * at most `max_samples_per_send` entries, as Prometheus's MetadataWatcher does. Identical entries
 * from several targets are sent once. Retryable failures back off and retry until the next round
 * is due; others are counted failed and logged.
 */
export class MetadataSender {
  private readonly opts: MetadataSenderOptions
  private readonly builder = new WriteRequestBuilder()
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private round: Promise<void> | undefined

  constructor(opts: MetadataSenderOptions) {
    this.opts = opts
  }

  /** Starts the periodic sends. */
  start(): void {
    this.timer = setInterval(() => {
      this.round ??= this.sendAll().finally(() => (this.round = undefined))
    }, this.opts.settings.metadataIntervalMs)
    this.timer.unref()
  }

  /** Stops; a round in progress is abandoned at its next wait. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.controller.abort()
    await this.round
  }

  /** One round: every distinct entry, in batches. */
  async sendAll(): Promise<void> {
    const seen = new Map<string, WriteMetadata>()
    for (const m of this.opts.source()) seen.set(JSON.stringify([m.family, m.type, m.help, m.unit]), m)
    const all = [...seen.values()]
    const per = this.opts.settings.maxMetadataPerSend
    for (let i = 0; i < all.length && !this.controller.signal.aborted; i += per) {
      const b = this.builder
      b.reset()
      for (const m of all.slice(i, i + per)) b.metadata(m)
      await this.sendBatch(compress(b.view()), Math.min(per, all.length - i))
    }
  }

  private async sendBatch(body: Uint8Array, n: number): Promise<void> {
    const { settings, metrics, log } = this.opts
    const signal = this.controller.signal
    let backoffMs = settings.minBackoffMs
    const giveUpAt = Date.now() + settings.metadataIntervalMs
    for (;;) {
      metrics.metadataBytes(body.length)
      try {
        await this.opts.send(body, signal)
        metrics.metadataSent(n)
        return
      } catch (err) {
        const e = err instanceof RemoteWriteError ? err : new RemoteWriteError(String(err), true)
        if (!e.retryable || signal.aborted || Date.now() + backoffMs > giveUpAt) {
          metrics.metadataFailed(n)
          log(
            `level=error component=remote msg="cannot send metadata" count=${n} err=${JSON.stringify(e.message)}`,
          )
          return
        }
        metrics.metadataRetried(n)
        await abortableSleep(e.retryAfterMs > 0 ? e.retryAfterMs : backoffMs, signal)
        backoffMs = Math.min(backoffMs * 2, settings.maxBackoffMs)
      }
    }
  }
}
