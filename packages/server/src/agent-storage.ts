import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Labels } from '@watchfire/model'
import {
  StorageError,
  type Appendable,
  type Appender,
  type Querier,
  type Queryable,
  type SeriesRef,
} from '@watchfire/storage'
import {
  ByteWriter,
  decodeRecord,
  encodeHistogramSamplesRecord,
  encodeSamplesRecord,
  encodeSeriesRecord,
  lastCheckpoint,
  listWalSegments,
  replayWal,
  WalWriter,
  writeCheckpoint,
} from '@watchfire/tsdb'
import { AgentAppender, type PendingBatch } from './agent-appender.js'

/** Options of {@link AgentStorage}; defaults are Prometheus's agent's. */
export interface AgentStorageOptions {
  /** --storage.agent.retention.min-time: data younger than this stays in the WAL; default 5m. */
  minWalTimeMs?: number
  /** --storage.agent.retention.max-time: data older than this goes even if unsent; default 4h. */
  maxWalTimeMs?: number
  /** How often the WAL is truncated; default 2h. */
  truncateIntervalMs?: number
  /** --storage.agent.wal-segment-size; default 128 MiB. */
  walSegmentSizeBytes?: number
  /** Oldest timestamp remote write has yet to send; unknown (keep up to max-time) when absent. */
  lowestSentTimestamp?: () => number
  now?: () => number
  log?: (message: string) => void
}

/** Counters of the agent's storage, named after Prometheus's agent metrics. */
export interface AgentStats {
  /** prometheus_agent_active_series */
  activeSeries: number
  /** prometheus_agent_samples_appended_total */
  samplesAppended: number
  /** prometheus_agent_out_of_order_samples_total */
  outOfOrderSamples: number
  /** prometheus_agent_truncate_duration_seconds count */
  truncations: number
  /** prometheus_agent_corruptions_total */
  walCorruptions: number
  /** Newest timestamp appended (ms), for remote write's rate and lag; 0 before any. */
  highestTimestamp: number
}

/** @internal One series the agent tracks. */
export interface AgentSeries {
  ref: number
  labels: Labels
  /** Newest committed timestamp; samples before it are out of order. */
  lastTs: number
}

/** Thrown by the agent's queriers: it keeps no samples to read. */
export const ERR_WAL_ONLY: StorageError = new StorageError(
  'ERR_UNSUPPORTED',
  'unsupported operation with WAL-only storage',
)

/**
 * The agent's storage (Prometheus's tsdb/agent): appends go to a WAL in the TSDB's format and
 * nowhere else; there are no blocks, no head chunks and no queries. Only the series index is kept
 * in memory, to give each series a stable ref and refuse out-of-order samples. The WAL is
 * truncated (checkpointed) on a timer, down to what remote write has sent, keeping at least
 * min-time and at most max-time of data.
 */
export class AgentStorage implements Appendable, Queryable {
  /** The WAL directory remote write reads. */
  readonly walDir: string
  private readonly wal: WalWriter
  private readonly o: Required<Omit<AgentStorageOptions, 'lowestSentTimestamp'>> &
    Pick<AgentStorageOptions, 'lowestSentTimestamp'>
  private readonly byRef = new Map<number, AgentSeries>()
  private readonly byKey = new Map<string, AgentSeries>()
  /** Series dropped by garbage collection, with the segment current then (kept in checkpoints until passed). */
  private readonly deleted = new Map<number, number>()
  private nextRef = 1
  private timer: NodeJS.Timeout | undefined
  readonly stats: AgentStats = {
    activeSeries: 0,
    samplesAppended: 0,
    outOfOrderSamples: 0,
    truncations: 0,
    walCorruptions: 0,
    highestTimestamp: 0,
  }

  private constructor(walDir: string, wal: WalWriter, options: AgentStorageOptions) {
    this.walDir = walDir
    this.wal = wal
    this.o = {
      minWalTimeMs: options.minWalTimeMs ?? 5 * 60_000,
      maxWalTimeMs: options.maxWalTimeMs ?? 4 * 3_600_000,
      truncateIntervalMs: options.truncateIntervalMs ?? 2 * 3_600_000,
      walSegmentSizeBytes: options.walSegmentSizeBytes ?? 128 << 20,
      lowestSentTimestamp: options.lowestSentTimestamp,
      now: options.now ?? Date.now,
      log: options.log ?? (() => {}),
    }
  }

  /** Opens `<dir>/wal`, replaying it for the series it names, and starts the truncation timer. */
  static open(dir: string, options: AgentStorageOptions = {}): AgentStorage {
    const walDir = join(dir, 'wal')
    mkdirSync(walDir, { recursive: true })
    const series = new Map<number, AgentSeries>()
    const visitor = {
      series(ref: number, labels: Labels): void {
        series.set(ref, { ref, labels, lastTs: -Infinity })
      },
      sample(ref: number, t: number): void {
        const s = series.get(ref)
        if (s !== undefined && t > s.lastTs) s.lastTs = t
      },
      histogram(ref: number, t: number): void {
        const s = series.get(ref)
        if (s !== undefined && t > s.lastTs) s.lastTs = t
      },
      tombstone(): void {},
    }
    const feed = (rec: Uint8Array): void => void decodeRecord(rec, visitor)
    let corruptions = 0
    const cp = lastCheckpoint(walDir)
    if (cp !== undefined && replayWal(cp.dir, 0, Infinity, feed) !== undefined) corruptions++
    if (replayWal(walDir, cp === undefined ? 0 : cp.index + 1, Infinity, feed) !== undefined) corruptions++
    const wal = WalWriter.open(walDir, { segmentSizeBytes: options.walSegmentSizeBytes })
    const storage = new AgentStorage(walDir, wal, options)
    storage.stats.walCorruptions = corruptions
    for (const s of series.values()) storage.add(s)
    storage.timer = setInterval(() => storage.truncateNow(), storage.o.truncateIntervalMs)
    storage.timer.unref()
    return storage
  }

  private add(s: AgentSeries): void {
    const key = s.labels.toString()
    // A label set logged twice under two refs (after a crash) keeps the newer ref.
    this.byKey.set(key, s)
    this.byRef.set(s.ref, s)
    if (s.ref >= this.nextRef) this.nextRef = s.ref + 1
    this.stats.activeSeries = this.byKey.size
  }

  /** @internal The series for `labels`, created (and pending a series record) when new. */
  resolve(ref: SeriesRef, labels: Labels, created: AgentSeries[]): AgentSeries {
    const known = ref !== 0 ? this.byRef.get(ref) : undefined
    if (known !== undefined && known.labels.equals(labels)) return known
    const key = labels.toString()
    const existing = this.byKey.get(key)
    if (existing !== undefined) return existing
    for (const c of created) if (c.labels.equals(labels)) return c
    const s: AgentSeries = { ref: this.nextRef++, labels, lastTs: -Infinity }
    created.push(s)
    return s
  }

  /** @internal Writes the batch to the WAL and publishes its series. */
  commitBatch(created: AgentSeries[], batch: PendingBatch): void {
    const w = new ByteWriter(1 << 12)
    const records: Uint8Array[] = []
    if (created.length > 0) {
      encodeSeriesRecord(w, created)
      records.push(Buffer.from(w.view()))
      w.reset()
    }
    if (batch.n > 0) {
      encodeSamplesRecord(w, batch.refs, batch.ts, batch.vs, 0, batch.n)
      records.push(Buffer.from(w.view()))
      w.reset()
    }
    if (batch.hists.length > 0) {
      encodeHistogramSamplesRecord(w, batch.hists)
      records.push(Buffer.from(w.view()))
    }
    if (records.length > 0) this.wal.log(records)
    for (const s of created) this.add(s)
    for (let i = 0; i < batch.n; i++) this.bump(batch.refs[i] as number, batch.ts[i] as number)
    for (const h of batch.hists) this.bump(h.ref, h.t)
    this.stats.samplesAppended += batch.n + batch.hists.length
  }

  private bump(ref: number, t: number): void {
    const s = this.byRef.get(ref)
    if (s !== undefined && t > s.lastTs) s.lastTs = t
    if (t > this.stats.highestTimestamp) this.stats.highestTimestamp = t
  }

  /** --storage.agent.retention.max-time in effect. */
  get maxWalTimeMs(): number {
    return this.o.maxWalTimeMs
  }

  appender(): Appender {
    return new AgentAppender(this)
  }

  /** Always rejects: the agent keeps no samples to query. */
  querier(): Promise<Querier> {
    return Promise.reject(ERR_WAL_ONLY)
  }

  /**
   * Truncates the WAL as Prometheus's agent does every truncation interval: series not written
   * since the cut-off are dropped, the lower two thirds of the segments are condensed into a
   * checkpoint (live series, samples from the cut-off on) and deleted. The cut-off is the oldest
   * unsent timestamp minus min-time, but never older than max-time.
   */
  truncateNow(): void {
    const now = this.o.now()
    const lowest = this.o.lowestSentTimestamp?.() ?? -Infinity
    const mint = Math.max(lowest - this.o.minWalTimeMs, now - this.o.maxWalTimeMs, 0)
    for (const s of this.byKey.values()) {
      if (s.lastTs >= mint) continue
      this.byKey.delete(s.labels.toString())
      this.byRef.delete(s.ref)
      this.deleted.set(s.ref, this.wal.currentSegment)
    }
    this.stats.activeSeries = this.byKey.size
    const segments = listWalSegments(this.walDir)
    // A fresh segment, so a quiet agent does not keep more WAL than needed.
    this.wal.cutSegment()
    const first = segments[0]
    const newest = segments.at(-1)
    if (first === undefined || newest === undefined) return
    // The lower two thirds of the closed segments hold mostly obsolete samples; fewer than two
    // segments are not worth a checkpoint.
    const upTo = first + Math.floor(((newest - 1 - first) * 2) / 3)
    if (upTo <= first) return
    writeCheckpoint(this.walDir, upTo, {
      mint,
      keepSeries: (ref) => this.byRef.has(ref) || (this.deleted.get(ref) ?? -1) > upTo,
    })
    for (const [ref, seg] of this.deleted) if (seg <= upTo) this.deleted.delete(ref)
    this.stats.truncations++
    this.o.log(`level=info component=agent msg="WAL truncated" mint=${mint} checkpoint=${upTo}`)
  }

  /** Stops the timer and closes the WAL (fsynced). */
  close(): void {
    clearInterval(this.timer)
    this.wal.close()
  }
}
