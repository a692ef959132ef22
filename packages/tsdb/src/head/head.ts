import { identicalHistograms } from '@watchfire/model'
import type { Labels, NativeHistogram } from '@watchfire/model'
import { ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP, ERR_OUT_OF_ORDER_SAMPLE } from '@watchfire/storage'
import type { StorageError } from '@watchfire/storage'
import { addTombstone, type Interval, type Tombstones } from '../block/tombstones.js'
import { floatHi, lastFloatLo } from '../chunkenc/float-bits.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import { MemoryChunkStore, type HeadChunkStore } from '../chunks/head-chunk-store.js'
import { HeadCounters } from './head-counters.js'
import { HeadPostings } from './head-postings.js'
import { HeadSeries } from './head-series.js'
import type { HeadStats } from './head-counters.js'

export type { HeadStats } from './head-counters.js'

/**
 * The label hash cut to 30 bits, a V8 small integer: a Map keyed by full uint32 hashes boxes half
 * of them as heap numbers and looks them up markedly slower. The few extra collisions are resolved
 * like any other, by comparing label sets.
 */
function hashKey(labels: Labels): number {
  return labels.hash() & 0x3fffffff
}

/** A judgement on a new sample against the series' newest: ok, an exact duplicate to ignore, or an error. */
export type Verdict = StorageError | 'same' | undefined

/**
 * The in-memory part of the TSDB: the most recent samples of every active series, an inverted
 * index over their labels, and the tombstones of deletions not yet compacted away. Series refs
 * are stable for the life of the series (and across restarts: the WAL records them). Not
 * thread-safe in the Go sense, but every mutation is synchronous, so one event loop is enough.
 */
export class Head {
  /** Width of a block range: chunks are cut at its boundaries. */
  readonly rangeMs: number
  /** How far behind the newest sample an older one is still accepted (0: never, like Prometheus by default). */
  outOfOrderWindowMs: number
  /** Where full chunks go: head chunk files in a DB, memory otherwise. */
  readonly store: HeadChunkStore
  readonly postings = new HeadPostings()
  readonly tombstones: Tombstones = new Map()
  /** Samples older than this are out of bounds (the newest persisted block ends here). */
  minValidTime = Number.MIN_SAFE_INTEGER
  /** Oldest and newest committed sample times, ±Infinity while empty. */
  minTime = Infinity
  maxTime = -Infinity
  /** Appenders created and not yet committed or rolled back. */
  activeAppenders = 0
  /** Indexed by ref: refs are small consecutive integers, and an array lookup beats a Map's on the append path. */
  private readonly byRef: (HeadSeries | undefined)[] = []
  private seriesCount = 0
  /** Σ HeadSeries.chunkCount, kept up to date by every mutation so stats() need not walk the series. */
  private chunkCount = 0
  /** Series by label hash: the series itself, or a list of them on a hash collision (rare; a list per series costs ~32 bytes). */
  private readonly byHash = new Map<number, HeadSeries | HeadSeries[]>()
  private nextRef = 1
  private readonly counters = new HeadCounters()

  constructor(rangeMs: number, outOfOrderWindowMs = 0, store: HeadChunkStore = new MemoryChunkStore()) {
    this.rangeMs = rangeMs
    this.outOfOrderWindowMs = outOfOrderWindowMs
    this.store = store
  }

  /** Number of series. */
  get numSeries(): number {
    return this.seriesCount
  }

  /** The series with `ref`, if it exists. */
  series(ref: number): HeadSeries | undefined {
    return this.byRef[ref]
  }

  /** Every series, in ref order of creation. */
  *allSeries(): IterableIterator<HeadSeries> {
    for (const s of this.byRef) if (s !== undefined) yield s
  }

  /** Finds the series with these labels or creates it (with `ref` when replaying the WAL). */
  getOrCreate(labels: Labels, ref = 0): HeadSeries {
    const hash = hashKey(labels)
    const bucket = this.byHash.get(hash)
    if (bucket !== undefined) {
      // Hash collisions are resolved by comparing the full label sets.
      if (!Array.isArray(bucket)) {
        if (bucket.labels.equals(labels)) return bucket
      } else {
        for (const s of bucket) if (s.labels.equals(labels)) return s
      }
    }
    const id = ref !== 0 ? ref : this.nextRef
    if (id >= this.nextRef) this.nextRef = id + 1
    const s = new HeadSeries(id, labels)
    this.byRef[id] = s
    this.seriesCount++
    if (bucket === undefined) this.byHash.set(hash, s)
    else if (Array.isArray(bucket)) bucket.push(s)
    else this.byHash.set(hash, [bucket, s])
    this.postings.add(id, labels.toFlat())
    this.counters.seriesCreated++
    return s
  }

  /** Makes new series get refs above `ref`: refs still named in head chunk files are never reused. */
  reserveRefs(ref: number): void {
    if (ref >= this.nextRef) this.nextRef = ref + 1
  }

  /**
   * The lowest timestamp an appender may write: after the newest block and no more than half a
   * range behind the newest sample (Prometheus's appendableMinValidTime).
   */
  appendableMinTime(): number {
    return Math.max(this.minValidTime, this.maxTime - Math.max(this.rangeMs / 2, this.outOfOrderWindowMs))
  }

  /** Judges a float sample at `t` against the series' newest committed sample. */
  checkFloat(s: HeadSeries, t: number, v: number): Verdict {
    if (s.samples === 0 || t > s.lastT) return undefined
    if (t < s.lastT) return this.checkOutOfOrderFloat(s, t, v)
    if (s.lastH === undefined && floatHi(v) === s.lastHi && lastFloatLo() === s.lastLo) return 'same'
    return ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP
  }

  /** An older float: accepted within the out-of-order window unless that time already holds a sample. */
  private checkOutOfOrderFloat(s: HeadSeries, t: number, v: number): Verdict {
    if (this.outOfOrderWindowMs <= 0 || t < this.maxTime - this.outOfOrderWindowMs || t < this.minValidTime) {
      return ERR_OUT_OF_ORDER_SAMPLE
    }
    const verdict = s.oooFloatVerdict(t, v, this.rangeMs, this.store)
    if (verdict === 'same') return 'same'
    if (verdict === 'duplicate') return ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP
    if (verdict === 'unsupported') return ERR_OUT_OF_ORDER_SAMPLE
    return undefined
  }

  /** Judges a histogram sample at `t` against the series' newest committed sample. */
  checkHistogram(s: HeadSeries, t: number, h: NativeHistogram): Verdict {
    if (s.samples === 0 || t > s.lastT) return undefined
    if (t < s.lastT) return ERR_OUT_OF_ORDER_SAMPLE
    if (s.lastH !== undefined && identicalHistograms(s.lastH, h)) return 'same'
    return ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP
  }

  /**
   * Counts a sample at `t` rejected with `err` under its reason and kind. With an out-of-order
   * window, a float refused for lying before it is too old rather than out of order (Prometheus's
   * ErrTooOldSample), though the appender reports both as out of order.
   */
  countRejection(err: StorageError, t: number, histogram: boolean): void {
    const w = this.outOfOrderWindowMs
    this.counters.countRejection(err, histogram, !histogram && w > 0 && t < this.maxTime - w)
  }

  /** Counts a series a query's postings named but that was removed before it was read. */
  countSeriesNotFound(): void {
    this.counters.seriesNotFound++
  }

  /** Appends a float sample that passed {@link checkFloat}. */
  commitFloat(s: HeadSeries, t: number, v: number): void {
    const chunks = s.chunkCount
    if (s.samples > 0 && t < s.lastT) {
      s.insertFloat(t, v, this.rangeMs, this.store)
      this.counters.outOfOrderSamplesAppended++
    } else {
      s.appendFloat(t, v, this.rangeMs, this.store)
    }
    if (s.chunkCount !== chunks) this.noteChunks(s.chunkCount - chunks)
    this.noteTime(t)
  }

  /** Appends a histogram sample that passed {@link checkHistogram}. */
  commitHistogram(s: HeadSeries, t: number, h: NativeHistogram): void {
    const chunks = s.chunkCount
    s.appendHistogram(t, h, this.rangeMs, this.store)
    if (s.chunkCount !== chunks) this.noteChunks(s.chunkCount - chunks)
    this.counters.histogramSamplesAppended++
    this.noteTime(t)
  }

  /** Gives series `s` full chunks found in the head chunk files at start-up (see HeadSeries.attachChunks). */
  attachChunks(s: HeadSeries, records: readonly number[]): void {
    const chunks = s.chunkCount
    s.attachChunks(records)
    this.noteChunks(s.chunkCount - chunks)
  }

  /** Drops the data of series `s` older than `mint` (see HeadSeries.truncateBefore). */
  truncateSeries(s: HeadSeries, mint: number): void {
    const chunks = s.chunkCount
    s.truncateBefore(mint, this.store)
    this.noteChunks(s.chunkCount - chunks)
  }

  /** Widens the head's time range to [minT, maxT] (chunks re-attached at start-up). */
  noteRange(minT: number, maxT: number): void {
    if (minT < this.minTime) this.minTime = minT
    if (maxT > this.maxTime) this.maxTime = maxT
  }

  /**
   * Snapshots of the chunks of each series overlapping [mint, maxt], oldest first: full chunks are
   * read from the store in one coalesced batch, so a select over many series costs few reads.
   */
  chunksOf(series: readonly HeadSeries[], mint: number, maxt: number): ChunkBytes[][] {
    const keys: number[] = []
    const counts = new Int32Array(series.length)
    for (let i = 0; i < series.length; i++)
      counts[i] = (series[i] as HeadSeries).fullChunkKeysIn(mint, maxt, keys)
    const full = keys.length > 0 ? this.store.readMany(keys) : []
    const out: ChunkBytes[][] = []
    let k = 0
    for (let i = 0; i < series.length; i++) {
      const own = full.slice(k, (k += counts[i] as number))
      for (const c of (series[i] as HeadSeries).openChunksIn(mint, maxt)) own.push(c)
      out.push(own)
    }
    return out
  }

  /** Follows a change of `delta` in a series' chunk count (cut, rewritten, re-attached or dropped). */
  private noteChunks(delta: number): void {
    this.chunkCount += delta
    if (delta > 0) this.counters.chunksCreated += delta
    else this.counters.chunksRemoved -= delta
  }

  private noteTime(t: number): void {
    this.counters.samplesAppended++
    if (t < this.minTime) this.minTime = t
    if (t > this.maxTime) this.maxTime = t
  }

  /** Records a deletion of [minT, maxT] for series `ref`. */
  addTombstone(ref: number, interval: Interval): void {
    addTombstone(this.tombstones, ref, interval)
  }

  /**
   * Drops data older than `mint` (now in a block), removes series left without samples and no
   * appender in flight, and forgets tombstones of removed series. Returns the removed refs.
   */
  truncate(mint: number): Set<number> {
    const removed = new Set<number>()
    let minTime = Infinity
    let minKey = Infinity
    for (const s of this.allSeries()) {
      this.truncateSeries(s, mint)
      if (s.samples === 0 && s.pending === 0) removed.add(s.ref)
      else if (s.samples > 0) minTime = Math.min(minTime, s.minTime)
      minKey = Math.min(minKey, s.minChunkKey())
    }
    this.store.truncate(minKey)
    this.postings.remove(removed, (ref) => (this.byRef[ref] as HeadSeries).labels.toFlat())
    for (const ref of removed) {
      const s = this.byRef[ref] as HeadSeries
      this.byRef[ref] = undefined
      this.seriesCount--
      this.noteChunks(-s.chunkCount)
      this.tombstones.delete(ref)
      const hash = hashKey(s.labels)
      const bucket = this.byHash.get(hash)
      const rest = Array.isArray(bucket) ? bucket.filter((x) => x !== s) : []
      if (rest.length === 0) this.byHash.delete(hash)
      else this.byHash.set(hash, rest.length === 1 ? (rest[0] as HeadSeries) : rest)
    }
    for (const [ref, ivs] of this.tombstones) {
      const kept = ivs.filter((iv) => iv.maxT >= mint)
      if (kept.length === 0) this.tombstones.delete(ref)
      else this.tombstones.set(ref, kept)
    }
    this.counters.seriesRemoved += removed.size
    this.minTime = minTime
    if (minTime === Infinity) this.maxTime = Math.max(this.maxTime, mint - 1)
    this.minValidTime = Math.max(this.minValidTime, mint)
    return removed
  }

  /** Samples appended since start (prometheus_tsdb_head_samples_appended_total), without {@link stats}' walk over every series. */
  get samplesAppended(): number {
    return this.counters.samplesAppended
  }

  /** Current counters, in O(1): /metrics reads them once per metric it exposes. */
  stats(): HeadStats {
    return {
      series: this.seriesCount,
      chunks: this.chunkCount,
      activeAppenders: this.activeAppenders,
      ...this.counters,
    }
  }
}
