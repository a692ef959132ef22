import type { Labels, NativeHistogram } from '@watchfire/model'
import { ValueType, isStaleNaN, type SampleIterator } from '@watchfire/storage'
import type { FPoint, HPoint } from '../value.js'

/** A histogram copy the evaluator owns (iterators may reuse theirs). */
export function copyHistogram(h: NativeHistogram): NativeHistogram {
  const out: NativeHistogram = {
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    count: h.count,
    sum: h.sum,
    positiveSpans: h.positiveSpans.map((s) => ({ offset: s.offset, length: s.length })),
    positiveBuckets: h.positiveBuckets.slice(),
    negativeSpans: h.negativeSpans.map((s) => ({ offset: s.offset, length: s.length })),
    negativeBuckets: h.negativeBuckets.slice(),
  }
  if (h.counterResetHint !== undefined) out.counterResetHint = h.counterResetHint
  if (h.customValues !== undefined) out.customValues = h.customValues.slice()
  return out
}

/**
 * One selected series' samples inside the selector's time range, read once from storage: floats
 * in typed-array columns (the instant-vector hot path reads them directly), histograms as points.
 * Float points for range windows are materialised once, on first use.
 */
export class StoredSeries {
  ft: Float64Array
  fv: Float64Array
  fn = 0
  readonly histograms: HPoint[] = []
  private points: FPoint[] | undefined

  constructor(
    readonly labels: Labels,
    capacity = 16,
  ) {
    this.ft = new Float64Array(capacity)
    this.fv = new Float64Array(capacity)
  }

  /** Appends a float sample (timestamps ascending). */
  pushFloat(t: number, v: number): void {
    if (this.fn === this.ft.length) {
      const ft = new Float64Array(this.fn * 2)
      const fv = new Float64Array(this.fn * 2)
      ft.set(this.ft)
      fv.set(this.fv)
      this.ft = ft
      this.fv = fv
    }
    this.ft[this.fn] = t
    this.fv[this.fn] = v
    this.fn++
  }

  /** The float samples as points, stale markers left out (range windows never see them); built once. */
  floatPoints(): FPoint[] {
    if (this.points === undefined) {
      const pts: FPoint[] = []
      for (let i = 0; i < this.fn; i++) {
        const f = this.fv[i] as number
        if (!isStaleNaN(f)) pts.push({ t: this.ft[i] as number, f })
      }
      this.points = pts
    }
    return this.points
  }

  /** Total number of samples held. */
  get size(): number {
    return this.fn + this.histograms.length
  }
}

/** Reads `it` from `mint` (inclusive) to `maxt` into a StoredSeries. */
export function readSeries(labels: Labels, it: SampleIterator, mint: number, maxt: number): StoredSeries {
  const out = new StoredSeries(labels)
  let vt = it.seek(mint)
  while (vt !== ValueType.None) {
    const t = it.atT()
    if (t > maxt) break
    if (vt === ValueType.Float) out.pushFloat(t, it.atF())
    else out.histograms.push({ t, h: copyHistogram(it.atHistogram()) })
    vt = it.next()
  }
  const err = it.err()
  if (err !== undefined) throw err
  return out
}

/** Index of the last element of `ts[0..n)` that is <= `t`, or -1 (binary search). */
export function lastAtOrBefore(ts: Float64Array, n: number, t: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((ts[mid] as number) <= t) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Index of the last point with `p.t <= t`, or -1. */
export function lastPointAtOrBefore(points: readonly { t: number }[], t: number): number {
  let lo = 0
  let hi = points.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((points[mid] as { t: number }).t <= t) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}
