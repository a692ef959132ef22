import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Labels, NativeHistogram } from '@watchfire/model'
import {
  RecordType,
  decodeRecord,
  lastCheckpoint,
  listWalSegments,
  readWalSegment,
  walSegmentName,
  type RecordVisitor,
} from '@watchfire/tsdb'
import { abortableSleep } from './abortable-sleep.js'
import type { SendTracker, WalPosition } from './send-tracker.js'
import type { SeriesEntry } from './series-entry.js'
import { WalBatch } from './wal-batch.js'
import { attachExemplars } from './wal-exemplars.js'

const FIRST_CHUNK_BYTES = 1 << 20

/** What a {@link WalWatcher} needs from its queue. */
export interface WatcherSink {
  /** The queue's view of a new WAL series (relabelled, or marked dropped). */
  makeSeries(ref: number, labels: Labels, segment: number): SeriesEntry
  /** Queues the samples of a read; resolves once they are queued (the watcher waits: backpressure). */
  append(batch: WalBatch): Promise<void>
  /** Samples read but not sent: dropped by relabelling, or of a series the WAL never named. */
  dropped(count: number): void
}

/** Options of a {@link WalWatcher}. */
export interface WalWatcherOptions {
  walDir: string
  /** Where sending resumes; series records before it are still read, to know every series. */
  start: WalPosition
  /** Delivered before a restart: series ref → newest timestamp sent past `start`. */
  sentBeforeStart?: ReadonlyMap<number, number>
  tracker: SendTracker
  sink: WatcherSink
  sendHistograms: boolean
  /** send_exemplars: Exemplars records ride along with their series' next batch. */
  sendExemplars?: boolean
  /** How often to look for new WAL data when caught up. Default 50 ms. */
  pollIntervalMs?: number
  log: (message: string) => void
}

function segmentsIn(dir: string): number[] {
  try {
    return listWalSegments(dir)
  } catch {
    return []
  }
}

/**
 * Tails the TSDB's write-ahead log for one remote-write queue, as Prometheus's wlog.Watcher does:
 * reads the newest checkpoint and the segments before the start position for their series records
 * only, then follows the segments from the start position and hands every sample to the queue.
 * Keeps the series ref → series cache, forgetting series a new checkpoint dropped. When a segment
 * it has not finished disappears (checkpointed away while the queue was far behind) it moves on
 * to the next one and logs what was skipped. Single reader; one watcher per queue.
 */
export class WalWatcher {
  private readonly opts: WalWatcherOptions
  private readonly series = new Map<number, SeriesEntry>()
  private readonly batch = new WalBatch()
  private segment: number
  private offset: number
  private fd = -1
  private chunk = Buffer.allocUnsafe(FIRST_CHUNK_BYTES)
  private checkpointIndex = -1
  private recordSegment = 0
  /** Samples of the current read that were not queued (dropped series or unknown refs). */
  private droppedInRead = 0
  private readonly draining = new AbortController()

  constructor(opts: WalWatcherOptions) {
    this.opts = opts
    this.segment = opts.start.segment
    this.offset = opts.start.offset
  }

  /** The series the watcher knows, by WAL ref. */
  get knownSeries(): ReadonlyMap<number, SeriesEntry> {
    return this.series
  }

  /** Where reading has got to. */
  get position(): WalPosition {
    return { segment: this.segment, offset: this.offset }
  }

  private readonly visitor: RecordVisitor = {
    series: (ref: number, labels: Labels): void => {
      const known = this.series.get(ref)
      if (known !== undefined) known.segment = this.recordSegment
      else {
        const entry = this.opts.sink.makeSeries(ref, labels, this.recordSegment)
        const skip = this.opts.sentBeforeStart?.get(ref)
        if (skip !== undefined) entry.skipUntilT = skip
        this.series.set(ref, entry)
      }
    },
    sample: (ref: number, t: number, vs: Float64Array): void => {
      const s = this.series.get(ref)
      if (s === undefined || s.dropped) this.droppedInRead++
      else if (t > s.skipUntilT) this.batch.pushFloat(s, t, vs, 0)
    },
    histogram: (ref: number, t: number, h: NativeHistogram): void => {
      if (!this.opts.sendHistograms) return
      const s = this.series.get(ref)
      if (s === undefined || s.dropped) this.droppedInRead++
      else if (t > s.skipUntilT) this.batch.pushHistogram(s, t, h)
    },
    tombstone: (): void => undefined,
  }

  /**
   * Reads the series before the start position, then follows the WAL until `signal` aborts, or
   * until it has read to the WAL's end after {@link drain}.
   */
  async run(signal: AbortSignal): Promise<void> {
    this.loadSeriesBeforeStart()
    const wake = AbortSignal.any([signal, this.draining.signal])
    try {
      while (!signal.aborted) {
        if (await this.step()) continue
        if (this.draining.signal.aborted) break
        await abortableSleep(this.opts.pollIntervalMs ?? 50, wake)
      }
    } finally {
      this.closeSegment()
    }
  }

  /**
   * Asks `run` to read on to the WAL's current end and then return, for a clean shutdown: once the
   * writers have stopped, everything they committed is read and queued, none left for the next start.
   */
  drain(): void {
    this.draining.abort()
  }

  private readonly onSeriesOnly = (rec: Uint8Array): void => {
    if (rec[0] === RecordType.Series) decodeRecord(rec, this.visitor)
  }

  private loadSeriesBeforeStart(): void {
    const { walDir, log } = this.opts
    const cp = lastCheckpoint(walDir)
    if (cp !== undefined) this.readCheckpointSeries(cp.dir, cp.index)
    const segments = segmentsIn(walDir).filter((s) => s > this.checkpointIndex)
    if (!segments.includes(this.segment)) {
      const later = segments.find((s) => s > this.segment)
      const last = segments.at(-1)
      if (later !== undefined) {
        log(
          `level=warn component=remote msg="WAL segment to resume from is gone (checkpointed); samples between were not sent" segment=${this.segment} resume=${later}`,
        )
        this.segment = later
        this.offset = 0
      } else if (last !== undefined && last < this.segment) {
        log(
          `level=warn component=remote msg="WAL is behind the saved position; resuming at its end" segment=${last}`,
        )
        this.segment = last
        this.offset = Number.MAX_SAFE_INTEGER
      }
    }
    for (const s of segments) {
      if (s > this.segment) break
      const buf = this.readWhole(join(walDir, walSegmentName(s)))
      this.recordSegment = s
      if (s < this.segment) readWalSegment(buf, this.onSeriesOnly)
      else {
        this.offset = Math.min(this.offset, buf.length)
        readWalSegment(buf.subarray(0, this.offset), this.onSeriesOnly)
      }
    }
  }

  private readWhole(path: string): Buffer {
    try {
      return readFileSync(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0)
      throw err
    }
  }

  private readCheckpointSeries(dir: string, index: number): void {
    this.recordSegment = index
    let names: string[]
    try {
      names = readdirSync(dir).sort()
    } catch {
      return
    }
    for (const name of names) {
      if (/^\d{8}$/.test(name)) readWalSegment(this.readWhole(join(dir, name)), this.onSeriesOnly)
    }
    this.checkpointIndex = index
  }

  /**
   * Reads the series of a checkpoint made since the last one read, once the watcher is past it,
   * and forgets series it no longer carries (Prometheus's SeriesReset). When the watcher lagged
   * and the segments it had yet to read were folded into the checkpoint, this is where it learns
   * the series those segments named, so the refs in the segments after it still resolve.
   */
  private collectGarbage(): void {
    const cp = lastCheckpoint(this.opts.walDir)
    // Behind the checkpoint, the segments being read may still name series it dropped.
    if (cp === undefined || cp.index <= this.checkpointIndex || this.segment <= cp.index) return
    this.readCheckpointSeries(cp.dir, cp.index)
    for (const [ref, s] of this.series) if (s.segment < cp.index) this.series.delete(ref)
  }

  private closeSegment(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }

  /** Moves to the next segment after the current one, if any; true when it moved. */
  private nextSegment(): boolean {
    const next = segmentsIn(this.opts.walDir).find((s) => s > this.segment)
    if (next === undefined) return false
    if (next > this.segment + 1) {
      this.opts.log(
        `level=warn component=remote msg="WAL segments were checkpointed away before they were read; samples in them were not sent" from=${this.segment + 1} to=${next - 1}`,
      )
    }
    this.closeSegment()
    this.segment = next
    this.offset = 0
    return true
  }

  /** Reads what is new in the WAL and queues it; false when there was nothing to do. */
  private async step(): Promise<boolean> {
    this.collectGarbage()
    if (this.fd < 0) {
      try {
        this.fd = openSync(join(this.opts.walDir, walSegmentName(this.segment)), 'r')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
        const gone = this.segment
        if (!this.nextSegment()) return false
        this.opts.log(
          `level=warn component=remote msg="WAL segment disappeared before it was read; samples in it were not sent" segment=${gone}`,
        )
        return true
      }
    }
    const size = fstatSync(this.fd).size
    if (this.offset > size) this.offset = size
    if (size === this.offset) {
      const hasNext = segmentsIn(this.opts.walDir).some((s) => s > this.segment)
      // A segment is complete once a later one exists; look once more for bytes written just before the cut.
      if (!hasNext || fstatSync(this.fd).size !== this.offset) return hasNext
      return this.nextSegment()
    }
    const want = size - this.offset
    const n = readSync(this.fd, this.chunk, 0, Math.min(want, this.chunk.length), this.offset)
    const consumed = this.consume(this.chunk.subarray(0, n), n < want)
    if (consumed < 0) {
      // In the live segment the bytes may be a record still being written: wait for it. A later
      // segment shows the writer moved on, so bad bytes there are corruption: skip the segment's rest.
      if (!segmentsIn(this.opts.walDir).some((s) => s > this.segment)) return false
      if (fstatSync(this.fd).size !== size) return true
      this.opts.log(
        `level=warn component=remote msg="corrupt WAL segment; skipping its rest" segment=${this.segment} offset=${this.offset}`,
      )
      return this.nextSegment()
    }
    // Nothing consumed from bytes read: a record larger than the chunk, which has just grown; retry now.
    if (consumed === 0) return n > 0
    this.offset += consumed
    await this.flush()
    return true
  }

  /**
   * Decodes the records in `buf` (read at the current offset) into the batch and registers them
   * with the tracker. Returns the bytes consumed, 0 to wait for more, or -1 on corruption.
   */
  private consume(buf: Buffer, truncated: boolean): number {
    this.recordSegment = this.segment
    const { tracker } = this.opts
    const batch = this.batch
    const base = this.offset
    let from = batch.length
    const res = readWalSegment(
      buf,
      (rec, end) => {
        if (rec[0] !== RecordType.Samples && rec[0] !== RecordType.HistogramSamples) {
          if (rec[0] === RecordType.Series) decodeRecord(rec, this.visitor)
          else if (this.opts.sendExemplars === true) attachExemplars(rec, this.series)
          tracker.register(this.segment, base + end, 0)
          return
        }
        decodeRecord(rec, this.visitor)
        const seq = tracker.register(this.segment, base + end, batch.length - from)
        batch.stamp(from, batch.length, seq)
        from = batch.length
      },
      base,
    )
    if (res.corruption === undefined) return buf.length
    if (res.validEnd > 0) return res.validEnd
    // A record larger than what was read: read more next time.
    if (truncated) {
      this.chunk = Buffer.allocUnsafe(this.chunk.length * 2)
      return 0
    }
    return -1
  }

  private async flush(): Promise<void> {
    if (this.droppedInRead > 0) {
      this.opts.sink.dropped(this.droppedInRead)
      this.droppedInRead = 0
    }
    if (this.batch.length === 0) return
    try {
      await this.opts.sink.append(this.batch)
    } finally {
      this.batch.clear()
    }
  }
}
