import { copyHistogram, identicalHistograms } from '@watchfire/model'
import type { Labels, NativeHistogram } from '@watchfire/model'
import type { Appender, SeriesRef } from '../appender.js'
import {
  ERR_APPENDER_CLOSED,
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
  StorageError,
} from '../errors.js'
import type { MemSeries } from './mem-series.js'

/** What the appender needs from its store: series lookup/creation, limits and rejection counters. */
export interface MemoryAppendTarget {
  readonly minValidTimeMs: number
  seriesByRef(ref: SeriesRef): MemSeries | undefined
  getOrCreateSeries(labels: Labels): MemSeries
  countRejection(err: StorageError): void
}

/**
 * Buffers samples in parallel arrays until commit. Ordering is checked on append against both the
 * committed data and this batch, then again at commit in case another appender committed first.
 */
export class MemoryAppender implements Appender {
  private readonly target: MemoryAppendTarget
  private readonly series: MemSeries[] = []
  private readonly ts: number[] = []
  /** A typed array, not number[]: V8 canonicalises NaNs stored in double arrays, erasing stale markers. */
  private vs = new Float64Array(16)
  private readonly hs: (NativeHistogram | undefined)[] = []
  /** Start timestamps parallel to `vs`, created by the first sample that has one. */
  private sts: Float64Array | undefined
  /** Index of each series' newest pending sample, by series id. */
  private readonly lastPending = new Map<number, number>()
  private closed = false

  constructor(target: MemoryAppendTarget) {
    this.target = target
  }

  append(ref: SeriesRef, labels: Labels, t: number, v: number, st = 0): SeriesRef {
    return this.add(ref, labels, t, v, undefined, st)
  }

  appendHistogram(ref: SeriesRef, labels: Labels, t: number, h: NativeHistogram, st = 0): SeriesRef {
    return this.add(ref, labels, t, h.sum, copyHistogram(h), st)
  }

  async commit(): Promise<void> {
    this.close()
    for (let i = 0; i < this.series.length; i++) {
      const s = this.series[i] as MemSeries
      const t = this.ts[i] as number
      const v = this.vs[i] as number
      const h = this.hs[i]
      const err = check(s, t, v, h)
      if (err === 'same') continue
      if (err !== undefined) {
        this.target.countRejection(err)
        continue
      }
      s.push(t, v, h, this.sts?.[i] ?? 0)
    }
  }

  async rollback(): Promise<void> {
    this.close()
  }

  private add(
    ref: SeriesRef,
    labels: Labels,
    t: number,
    v: number,
    h: NativeHistogram | undefined,
    st: number,
  ): SeriesRef {
    if (this.closed) throw ERR_APPENDER_CLOSED
    if (labels.size === 0) {
      throw new StorageError('ERR_EMPTY_LABELS', 'cannot append sample (empty label set)')
    }
    if (!Number.isSafeInteger(t) || t < this.target.minValidTimeMs) return this.reject(ERR_OUT_OF_BOUNDS)
    if (!Number.isSafeInteger(st)) {
      throw new StorageError(
        'ERR_INVALID_START_TIMESTAMP',
        `cannot append sample (start timestamp ${st} is not an integer)`,
      )
    }
    const s = (ref !== 0 ? this.target.seriesByRef(ref) : undefined) ?? this.target.getOrCreateSeries(labels)
    const pending = this.lastPending.get(s.id)
    const err =
      pending === undefined
        ? check(s, t, v, h)
        : compare(this.ts[pending] as number, this.vs[pending] as number, this.hs[pending], t, v, h)
    if (err === 'same') return s.id
    if (err !== undefined) return this.reject(err)
    this.lastPending.set(s.id, this.series.length)
    this.series.push(s)
    if (this.ts.length === this.vs.length) {
      const grown = new Float64Array(this.vs.length * 2)
      grown.set(this.vs)
      this.vs = grown
      if (this.sts !== undefined) {
        const grownSts = new Float64Array(this.vs.length)
        grownSts.set(this.sts)
        this.sts = grownSts
      }
    }
    if (st !== 0) this.sts ??= new Float64Array(this.vs.length)
    if (this.sts !== undefined) this.sts[this.ts.length] = st
    this.vs[this.ts.length] = v
    this.ts.push(t)
    this.hs.push(h)
    return s.id
  }

  private reject(err: StorageError): never {
    this.target.countRejection(err)
    throw err
  }

  private close(): void {
    if (this.closed) throw ERR_APPENDER_CLOSED
    this.closed = true
  }
}

type Verdict = StorageError | 'same' | undefined

function check(s: MemSeries, t: number, v: number, h: NativeHistogram | undefined): Verdict {
  if (s.len === 0) return undefined
  const last = s.len - 1
  return compare(s.ts[last] as number, s.vs[last] as number, s.hs?.[last], t, v, h)
}

/** Judges a new sample against the newest earlier one: fine, an ignorable exact duplicate, or an error. */
function compare(
  lastT: number,
  lastV: number,
  lastH: NativeHistogram | undefined,
  t: number,
  v: number,
  h: NativeHistogram | undefined,
): Verdict {
  if (t > lastT) return undefined
  if (t < lastT) return ERR_OUT_OF_ORDER_SAMPLE
  if (h === undefined && lastH === undefined && sameBits(v, lastV)) return 'same'
  if (h !== undefined && lastH !== undefined && identicalHistograms(h, lastH)) return 'same'
  return ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP
}

const bits = new Float64Array(2)
const words = new Uint32Array(bits.buffer)

function sameBits(a: number, b: number): boolean {
  bits[0] = a
  bits[1] = b
  return words[0] === words[2] && words[1] === words[3]
}
