import { copyHistogram, identicalHistograms } from '@watchfire/model'
import type { Exemplar, Labels, NativeHistogram } from '@watchfire/model'
import {
  ERR_APPENDER_CLOSED,
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP as ERR_DUPLICATE,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE as ERR_OUT_OF_ORDER,
  StorageError,
  type Appender,
  type SeriesRef,
} from '@watchfire/storage'
import { ByteWriter } from '../encoding/byte-writer.js'
import { encodeHistogramSamplesRecord, encodeSamplesRecord, encodeSeriesRecord } from '../wal/wal-records.js'
import type { Head, Verdict } from './head.js'
import type { HeadSeries } from './head-series.js'
import { ExemplarBatch } from '../exemplars/exemplar-batch.js'
import type { ExemplarStorage } from '../exemplars/exemplar-storage.js'

/** Receives a committed batch's encoded WAL records before the samples become visible. */
export type WalLog = (records: readonly Uint8Array[]) => void

/** Pending newest sample of a series within this batch; index -1 until the batch has one. */
interface Pending {
  t: number
  index: number
}

/** Encodes every commit's records (commits are synchronous, so one buffer serves all); each is copied out. */
const recordScratch = new ByteWriter(1 << 16)

/** Numbers commits, marking on each series what the current commit already kept (HeadSeries.commitMark). */
let commitSeq = 0

/**
 * A batch of samples for the head. Samples are validated when appended (against committed data
 * and the batch's own earlier samples), then at commit validated again against whatever other
 * appenders committed meanwhile, written to the WAL as series/samples/histogram records, and
 * applied. Everything in commit() is synchronous, so batches never interleave.
 */
export class HeadAppender implements Appender {
  private readonly head: Head
  private readonly log: WalLog | undefined
  private readonly afterCommit: (() => void) | undefined
  private readonly minT: number
  /** Series this batch touched, each once, in first-touch order. */
  private touched: HeadSeries[] = []
  /** Batch state of touched series whose own slot another open appender holds (see HeadSeries.appender). */
  private overflow: Map<HeadSeries, Pending> | undefined
  private series: HeadSeries[] = []
  private ts: number[] = []
  private vs = new Float64Array(64)
  /** Histogram per entry, undefined for floats. */
  private hs: (NativeHistogram | undefined)[] = []
  private closed = false
  /** The batch's exemplars, when the head keeps them. */
  private readonly exemplars: ExemplarBatch | undefined

  /**
   * `log` receives the WAL records of each commit; `afterCommit` runs once the samples are visible;
   * exemplars go to `exemplars` (none are kept without it).
   */
  constructor(head: Head, log?: WalLog, afterCommit?: () => void, exemplars?: ExemplarStorage) {
    this.head = head
    this.exemplars = exemplars === undefined ? undefined : new ExemplarBatch(exemplars)
    this.log = log
    this.afterCommit = afterCommit
    this.minT = head.appendableMinTime()
    head.activeAppenders++
  }

  append(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef {
    const s = this.resolve(ref, labels, t, false)
    const index = s.appender === this ? s.appenderIndex : (this.overflow?.get(s) as Pending).index
    let verdict =
      index === -1
        ? this.head.checkFloat(s, t, v)
        : compareFloat(this.ts[index] as number, index, this.vs, this.hs, t, v)
    // Newer than the batch's last sample of the series but still older than committed data.
    if (verdict === undefined && index !== -1 && t <= s.lastT) verdict = this.head.checkFloat(s, t, v)
    if (verdict === 'same') return s.ref
    if (verdict !== undefined) return this.reject(verdict, t, false)
    this.push(s, t, v, undefined)
    return s.ref
  }

  appendHistogram(ref: SeriesRef, labels: Labels, t: number, h: NativeHistogram): SeriesRef {
    const s = this.resolve(ref, labels, t, true)
    if (!isIntegerHistogram(h)) {
      throw new StorageError('ERR_UNSUPPORTED_HISTOGRAM', 'cannot append histogram (counts must be integers)')
    }
    const p = this.pendingOf(s)
    const verdict = p.index === -1 ? this.head.checkHistogram(s, t, h) : compareHistogram(p, this.hs, t, h)
    if (verdict === 'same') return s.ref
    if (verdict !== undefined) return this.reject(verdict, t, true)
    this.push(s, t, h.sum, copyHistogram(h))
    return s.ref
  }

  appendExemplar(ref: SeriesRef, _labels: Labels, exemplar: Exemplar): SeriesRef {
    if (this.closed) throw ERR_APPENDER_CLOSED
    return this.exemplars === undefined ? ref : this.exemplars.add(this.head, ref, exemplar)
  }

  async commit(): Promise<void> {
    this.end()
    const head = this.head
    const n = this.ts.length
    // Re-judge against what other appenders committed since; keep[i] marks survivors.
    const keep = new Uint8Array(n)
    const mark = ++commitSeq
    for (let i = 0; i < n; i++) {
      const s = this.series[i] as HeadSeries
      const t = this.ts[i] as number
      const h = this.hs[i]
      const kept = s.commitMark === mark
      const keptT = kept ? (this.ts[s.commitIndex] as number) : 0
      if (kept && (t > s.lastT || h !== undefined)) {
        keep[i] = t > keptT ? 1 : 0
      } else if (kept && t <= keptT) {
        keep[i] = 0
      } else {
        const verdict =
          h === undefined ? head.checkFloat(s, t, this.vs[i] as number) : head.checkHistogram(s, t, h)
        if (verdict !== undefined && verdict !== 'same') head.countRejection(verdict, t, h !== undefined)
        keep[i] = verdict === undefined ? 1 : 0
      }
      if (keep[i] === 1) {
        s.commitMark = mark
        s.commitIndex = i
      }
    }
    if (this.log !== undefined) {
      const fresh: HeadSeries[] = []
      try {
        const records = this.walRecords(keep, fresh)
        this.log(this.exemplars === undefined ? records : this.exemplars.withWalRecord(records, fresh))
      } catch (err) {
        // Nothing of the batch reached the WAL or the head (a full disk, say): end it as a rollback.
        this.release()
        throw err
      }
      // Only now: had the write failed, the next batch must log these series again.
      for (const s of fresh) s.walLogged = true
    }
    for (let i = 0; i < n; i++) {
      if (keep[i] === 0) continue
      const s = this.series[i] as HeadSeries
      const h = this.hs[i]
      if (h === undefined) head.commitFloat(s, this.ts[i] as number, this.vs[i] as number)
      else head.commitHistogram(s, this.ts[i] as number, h)
    }
    this.exemplars?.commit()
    this.release()
    this.afterCommit?.()
  }

  async rollback(): Promise<void> {
    this.end()
    this.release()
  }

  /**
   * Encodes the kept entries: new series first, then runs of floats or histograms in batch order.
   * Series not yet in the WAL are pushed onto `fresh`.
   */
  private walRecords(keep: Uint8Array, fresh: HeadSeries[]): Uint8Array[] {
    const out: Uint8Array[] = []
    const w = recordScratch
    w.reset()
    for (const s of this.touched) if (!s.walLogged) fresh.push(s)
    if (fresh.length > 0) {
      encodeSeriesRecord(w, fresh)
      out.push(Buffer.from(w.view()))
    }
    const n = this.ts.length
    const refs: number[] = []
    const ts: number[] = []
    const vs = new Float64Array(n)
    let hist: { ref: number; t: number; h: NativeHistogram }[] = []
    const flushFloats = (): void => {
      if (refs.length === 0) return
      w.reset()
      encodeSamplesRecord(w, refs, ts, vs, 0, refs.length)
      out.push(Buffer.from(w.view()))
      refs.length = 0
      ts.length = 0
    }
    const flushHist = (): void => {
      if (hist.length === 0) return
      w.reset()
      encodeHistogramSamplesRecord(w, hist)
      out.push(Buffer.from(w.view()))
      hist = []
    }
    for (let i = 0; i < n; i++) {
      if (keep[i] === 0) continue
      const s = this.series[i] as HeadSeries
      const h = this.hs[i]
      // Kinds alternate in separate records, so replay sees a mixed series' samples in order.
      if (h === undefined) {
        flushHist()
        vs[refs.length] = this.vs[i] as number
        refs.push(s.ref)
        ts.push(this.ts[i] as number)
      } else {
        flushFloats()
        hist.push({ ref: s.ref, t: this.ts[i] as number, h })
      }
    }
    flushFloats()
    flushHist()
    return out
  }

  private resolve(ref: SeriesRef, labels: Labels, t: number, histogram: boolean): HeadSeries {
    if (this.closed) throw ERR_APPENDER_CLOSED
    if (!Number.isSafeInteger(t) || t < this.minT) return this.reject(ERR_OUT_OF_BOUNDS, t, histogram)
    let s = ref !== 0 ? this.head.series(ref) : undefined
    if (s === undefined) {
      if (labels.size === 0)
        throw new StorageError('ERR_EMPTY_LABELS', 'cannot append sample (empty label set)')
      s = this.head.getOrCreate(labels)
    }
    if (s.appender !== this && this.overflow?.has(s) !== true) {
      this.touched.push(s)
      s.pending++
      if (s.appender === undefined) {
        s.appender = this
        s.appenderIndex = -1
      } else {
        this.overflow ??= new Map()
        this.overflow.set(s, { t: 0, index: -1 })
      }
    }
    return s
  }

  /** The batch state of a touched series, as a copy when it lives on the series. */
  private pendingOf(s: HeadSeries): Pending {
    if (s.appender === this) return { t: this.ts[s.appenderIndex] ?? 0, index: s.appenderIndex }
    return this.overflow?.get(s) as Pending
  }

  private push(s: HeadSeries, t: number, v: number, h: NativeHistogram | undefined): void {
    const i = this.ts.length
    if (i === this.vs.length) {
      const grown = new Float64Array(i * 2)
      grown.set(this.vs)
      this.vs = grown
    }
    this.vs[i] = v
    this.ts.push(t)
    this.hs.push(h)
    this.series.push(s)
    if (s.appender === this) {
      s.appenderIndex = i
    } else {
      const p = this.overflow?.get(s) as Pending
      p.t = t
      p.index = i
    }
  }

  private reject(err: StorageError, t: number, histogram: boolean): never {
    this.head.countRejection(err, t, histogram)
    throw err
  }

  private end(): void {
    if (this.closed) throw ERR_APPENDER_CLOSED
    this.closed = true
  }

  private release(): void {
    this.head.activeAppenders--
    this.exemplars?.clear()
    for (const s of this.touched) {
      s.pending--
      if (s.appender === this) s.appender = undefined
    }
    this.touched = []
    this.overflow = undefined
    this.series = []
    this.ts = []
    this.hs = []
  }
}

const bits = new Float64Array(2)
const words = new Uint32Array(bits.buffer)

function compareFloat(
  pt: number,
  index: number,
  vs: Float64Array,
  hs: readonly (NativeHistogram | undefined)[],
  t: number,
  v: number,
): Verdict {
  if (t > pt) return undefined
  if (t < pt) return ERR_OUT_OF_ORDER
  bits[0] = vs[index] as number
  bits[1] = v
  if (hs[index] === undefined && words[0] === words[2] && words[1] === words[3]) return 'same'
  return ERR_DUPLICATE
}

function compareHistogram(
  p: Pending,
  hs: readonly (NativeHistogram | undefined)[],
  t: number,
  h: NativeHistogram,
): Verdict {
  if (t > p.t) return undefined
  if (t < p.t) return ERR_OUT_OF_ORDER
  const prev = hs[p.index]
  return prev !== undefined && identicalHistograms(prev, h) ? 'same' : ERR_DUPLICATE
}

function isIntegerHistogram(h: NativeHistogram): boolean {
  if (!Number.isSafeInteger(h.count) || !Number.isSafeInteger(h.zeroCount)) return false
  for (const b of h.positiveBuckets) if (!Number.isSafeInteger(b)) return false
  for (const b of h.negativeBuckets) if (!Number.isSafeInteger(b)) return false
  return true
}
