import type { NativeHistogram } from '@watchfire/model'
import { compress } from 'snappyjs'
import type { QueueSettings } from './queue-config.js'
import type { QueueMetrics } from './remote-write-metrics.js'
import { RemoteWriteError, type WriteSender } from './remote-write-client.js'
import { abortableSleep } from './abortable-sleep.js'
import type { SendTracker } from './send-tracker.js'
import type { SeriesEntry } from './series-entry.js'
import { WriteRequestBuilder } from './write-request.js'

/** What the shards of one queue share. */
export interface ShardContext {
  settings: QueueSettings
  send: WriteSender
  tracker: SendTracker
  metrics: QueueMetrics
  log: (message: string) => void
  /** Called after every attempt; `ok` when the request was delivered. */
  onAttempt(ok: boolean, samples: number, seconds: number, highestT: number): void
  /** Aborted on a hard stop: stops backoff waits and in-flight requests. */
  hardStop: AbortSignal
}

/** Each batch gets a distinct stamp, so SeriesEntry.batchStamp never needs clearing. */
let nextStamp = 1

/**
 * One sender of a queue: a FIFO ring of samples (columns, grown on demand) and a loop that sends a
 * batch when `max_samples_per_send` are waiting or `batch_send_deadline` passed, one request at a
 * time, so the samples of a series leave in order. A request is retried with exponential backoff
 * (or the receiver's Retry-After) while the error is retryable; otherwise its samples are counted
 * failed and the reason logged. Finished samples are reported to the SendTracker.
 */
export class Shard {
  private series: (SeriesEntry | undefined)[] = []
  private t = new Float64Array(256)
  private v = new Float64Array(256)
  private seq = new Float64Array(256)
  private hist: (NativeHistogram | undefined)[] = []
  private head = 0
  private count = 0
  private mask = 255
  private waiter: (() => void) | undefined
  private spaceWaiters: (() => void)[] = []
  private oldestAtMs = 0
  private mode: 'run' | 'drain' | 'stop' = 'run'
  /** Cuts backoff waits short once a stop is requested. */
  private readonly stopping = new AbortController()
  /** A stop or a hard stop, combined once per shard: a combined signal per retry stays registered with both sources until collected. */
  private readonly interrupted: AbortSignal
  private loop: Promise<void> | undefined
  private readonly builder = new WriteRequestBuilder()
  private order = new Int32Array(256)
  private slots = new Int32Array(256)
  private firsts: SeriesEntry[] = []

  constructor(private readonly ctx: ShardContext) {
    this.interrupted = AbortSignal.any([ctx.hardStop, this.stopping.signal])
  }

  /** Samples waiting (including the batch being sent). */
  get size(): number {
    return this.count
  }

  /** True when another sample fits within the shard capacity. */
  get hasSpace(): boolean {
    return this.count < this.ctx.settings.capacity
  }

  /** Queues a sample (capacity is the caller's business: resharding may overfill a shard once). */
  push(s: SeriesEntry, t: number, v: number, seq: number, h: NativeHistogram | undefined): void {
    if (this.count > this.mask) this.grow()
    const i = (this.head + this.count) & this.mask
    this.series[i] = s
    this.t[i] = t
    this.v[i] = v
    this.seq[i] = seq
    this.hist[i] = h
    this.count++
    // The first sample arms the loop's batch_send_deadline timer; a full batch goes at once.
    if (this.count === 1) {
      this.oldestAtMs = Date.now()
      this.wake()
    } else if (this.count >= this.ctx.settings.maxSamplesPerSend) this.wake()
  }

  private grow(): void {
    const size = (this.mask + 1) * 2
    const move = <T extends Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(size)
      for (let k = 0; k < this.count; k++) next[k] = a[(this.head + k) & this.mask] as number
      return next
    }
    this.t = move(this.t, (n) => new Float64Array(n))
    this.v = move(this.v, (n) => new Float64Array(n))
    this.seq = move(this.seq, (n) => new Float64Array(n))
    const series: (SeriesEntry | undefined)[] = new Array<SeriesEntry | undefined>(size)
    const hist: (NativeHistogram | undefined)[] = new Array<NativeHistogram | undefined>(size)
    for (let k = 0; k < this.count; k++) {
      series[k] = this.series[(this.head + k) & this.mask]
      hist[k] = this.hist[(this.head + k) & this.mask]
    }
    this.series = series
    this.hist = hist
    this.head = 0
    this.mask = size - 1
  }

  /** Resolves when the shard has room again (or is stopping). */
  waitForSpace(): Promise<void> {
    if (this.hasSpace || this.mode !== 'run') return Promise.resolve()
    return new Promise((resolve) => this.spaceWaiters.push(resolve))
  }

  /** Starts the send loop. */
  start(): void {
    this.loop ??= this.run()
  }

  /**
   * Stops the loop. `drain` sends what is queued first (stopping at the first failure); otherwise
   * the loop ends after the request in flight. Resolves when the loop has ended.
   */
  async stop(drain: boolean): Promise<void> {
    this.mode = drain ? 'drain' : 'stop'
    this.stopping.abort()
    this.wake()
    this.releaseSpaceWaiters()
    await this.loop
  }

  /** Hands over the samples still queued, in order (used when resharding). */
  takeAll(
    into: (s: SeriesEntry, t: number, v: number, seq: number, h: NativeHistogram | undefined) => void,
  ): void {
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask
      into(
        this.series[i] as SeriesEntry,
        this.t[i] as number,
        this.v[i] as number,
        this.seq[i] as number,
        this.hist[i],
      )
      this.series[i] = undefined
      this.hist[i] = undefined
    }
    this.count = 0
  }

  private wake(): void {
    const w = this.waiter
    this.waiter = undefined
    w?.()
  }

  private releaseSpaceWaiters(): void {
    const waiters = this.spaceWaiters
    this.spaceWaiters = []
    for (const w of waiters) w()
  }

  private async run(): Promise<void> {
    const { settings } = this.ctx
    for (;;) {
      if (this.mode === 'stop' || this.ctx.hardStop.aborted) return
      const n = this.count
      const waited = Date.now() - this.oldestAtMs
      if (
        n >= settings.maxSamplesPerSend ||
        (n > 0 && (waited >= settings.batchSendDeadlineMs || this.mode === 'drain'))
      ) {
        const delivered = await this.sendBatch(Math.min(n, settings.maxSamplesPerSend))
        if (!delivered && this.mode !== 'run') return
        continue
      }
      if (this.mode === 'drain') return
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => this.wake(), n > 0 ? settings.batchSendDeadlineMs - waited : 3_600_000)
        this.waiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  }

  /** Groups the first `n` samples by series and encodes them as one compressed WriteRequest. */
  private encode(n: number): Uint8Array {
    if (this.order.length < n) {
      this.order = new Int32Array(n)
      this.slots = new Int32Array(n + 1)
    }
    const stamp = nextStamp++
    const firsts = this.firsts
    const slots = this.slots
    let distinct = 0
    for (let k = 0; k < n; k++) {
      const s = this.series[(this.head + k) & this.mask] as SeriesEntry
      if (s.batchStamp !== stamp) {
        s.batchStamp = stamp
        s.batchSlot = distinct
        firsts[distinct] = s
        slots[distinct] = 0
        distinct++
      }
      slots[s.batchSlot] = (slots[s.batchSlot] as number) + 1
    }
    // Counts to start offsets, then place each sample after its series' earlier ones.
    let at = 0
    for (let d = 0; d < distinct; d++) {
      const c = slots[d] as number
      slots[d] = at
      at += c
    }
    for (let k = 0; k < n; k++) {
      const s = this.series[(this.head + k) & this.mask] as SeriesEntry
      const pos = slots[s.batchSlot] as number
      this.order[pos] = k
      slots[s.batchSlot] = pos + 1
    }
    const b = this.builder
    b.reset()
    let k = 0
    for (let d = 0; d < distinct; d++) {
      b.beginSeries((firsts[d] as SeriesEntry).labelBytes)
      const end = slots[d] as number
      for (; k < end; k++) {
        const i = (this.head + (this.order[k] as number)) & this.mask
        const h = this.hist[i]
        if (h === undefined) b.sample(this.t[i] as number, this.v[i] as number)
        else b.histogram(this.t[i] as number, h)
      }
      const series = firsts[d] as SeriesEntry
      if (series.exemplars !== undefined) {
        for (const e of series.exemplars) b.exemplar(e.labels, e.value, e.timestampMs)
        series.exemplars = undefined
      }
    }
    b.endSeries()
    firsts.length = 0
    return compress(b.view())
  }

  /** Sends the first `n` samples until delivered or given up; false when a stop interrupted it. */
  private async sendBatch(n: number): Promise<boolean> {
    const { settings, metrics, hardStop } = this.ctx
    const body = this.encode(n)
    let highestT = -Infinity
    for (let k = 0; k < n; k++) highestT = Math.max(highestT, this.t[(this.head + k) & this.mask] as number)
    let backoffMs = settings.minBackoffMs
    for (;;) {
      const started = performance.now()
      metrics.bytesSent(body.length)
      try {
        await this.ctx.send(body, hardStop)
        const seconds = (performance.now() - started) / 1000
        metrics.samplesSent(n)
        this.ctx.onAttempt(true, n, seconds, highestT)
        this.finish(n)
        return true
      } catch (err) {
        const seconds = (performance.now() - started) / 1000
        this.ctx.onAttempt(false, n, seconds, highestT)
        const e =
          err instanceof RemoteWriteError
            ? err
            : new RemoteWriteError(`cannot send write request (${String(err)})`, true)
        if (!e.retryable) {
          metrics.samplesFailed(n)
          this.ctx.log(
            `level=error component=remote msg="non-recoverable error; dropping the batch" count=${n} err=${JSON.stringify(e.message)}`,
          )
          this.finish(n)
          return true
        }
        if (this.mode !== 'run' || hardStop.aborted) return false
        metrics.samplesRetried(n)
        const sleepMs = e.retryAfterMs > 0 ? e.retryAfterMs : backoffMs
        this.ctx.log(
          `level=warn component=remote msg="failed to send batch, retrying" count=${n} sleepMs=${sleepMs} err=${JSON.stringify(e.message)}`,
        )
        await abortableSleep(sleepMs, this.interrupted)
        if (this.mode !== 'run' || hardStop.aborted) return false
        backoffMs = Math.min(sleepMs * 2, settings.maxBackoffMs)
      }
    }
  }

  /** Reports the first `n` samples finished and frees their slots. */
  private finish(n: number): void {
    const tracker = this.ctx.tracker
    for (let k = 0; k < n; k++) {
      const i = (this.head + k) & this.mask
      const s = this.series[i] as SeriesEntry
      const seq = this.seq[i] as number
      s.sentT = this.t[i] as number
      s.sentSeq = seq
      tracker.finish(seq)
      this.series[i] = undefined
      this.hist[i] = undefined
    }
    this.head = (this.head + n) & this.mask
    this.count -= n
    this.oldestAtMs = Date.now()
    this.releaseSpaceWaiters()
  }
}
