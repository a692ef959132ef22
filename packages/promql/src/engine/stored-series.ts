import { copyHistogram, type Labels } from '@watchfire/model'
import { ValueType, isStaleNaN, type SampleIterator } from '@watchfire/storage'
import type { FPoint, HPoint } from '../value.js'

/**
 * Float samples as parallel columns: timestamps in ms and values, `n` of them in use, plus their
 * start timestamps (0 = unknown) when the store reported any.
 */
export interface FloatColumns {
  readonly ft: Float64Array
  readonly fv: Float64Array
  readonly n: number
  readonly fst?: Float64Array | undefined
}

/**
 * One selected series' samples inside the selector's time range, read once from storage: floats
 * in typed-array columns (the instant-vector and range-window hot paths read them directly),
 * histograms as points.
 */
export class StoredSeries {
  private rangeColumns: FloatColumns | undefined
  private points: FPoint[] | undefined

  constructor(
    readonly labels: Labels,
    readonly ft: Float64Array,
    readonly fv: Float64Array,
    readonly fn: number,
    readonly histograms: HPoint[],
    /** Start timestamps parallel to `ft` (0 = unknown); undefined when no sample has one. */
    readonly fst?: Float64Array,
    /** Start timestamps parallel to `histograms`; undefined when no histogram has one. */
    readonly hst?: Float64Array,
  ) {}

  /**
   * The float samples without stale markers (range windows never see them): the stored columns
   * themselves unless a marker has to be left out; built once.
   */
  rangeFloats(): FloatColumns {
    if (this.rangeColumns === undefined) {
      let stale = 0
      for (let i = 0; i < this.fn; i++) if (isStaleNaN(this.fv[i] as number)) stale++
      if (stale === 0) this.rangeColumns = { ft: this.ft, fv: this.fv, n: this.fn, fst: this.fst }
      else {
        const n = this.fn - stale
        const ft = new Float64Array(n)
        const fv = new Float64Array(n)
        const fst = this.fst === undefined ? undefined : new Float64Array(n)
        let j = 0
        for (let i = 0; i < this.fn; i++) {
          const f = this.fv[i] as number
          if (isStaleNaN(f)) continue
          ft[j] = this.ft[i] as number
          fv[j] = f
          if (fst !== undefined) fst[j] = (this.fst as Float64Array)[i] as number
          j++
        }
        this.rangeColumns = { ft, fv, n, fst }
      }
    }
    return this.rangeColumns
  }

  /** The float samples as points, stale markers left out, for the rarely used point-based paths; built once. */
  floatPoints(): FPoint[] {
    if (this.points === undefined) {
      const { ft, fv, n } = this.rangeFloats()
      const pts: FPoint[] = []
      for (let i = 0; i < n; i++) pts.push({ t: ft[i] as number, f: fv[i] as number })
      this.points = pts
    }
    return this.points
  }

  /** Total number of samples held. */
  get size(): number {
    return this.fn + this.histograms.length
  }
}

// Samples are read into these shared buffers first, so that each series gets columns of exactly
// its size instead of growing its own by doubling.
let scratchT = new Float64Array(1024)
let scratchV = new Float64Array(1024)
let scratchST = new Float64Array(1024)

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const out = new Float64Array(a.length * 2)
  out.set(a)
  return out
}

/**
 * Reads `it` from `mint` (inclusive) to `maxt` into a StoredSeries. With `startTimestamps` (and an
 * iterator that reports them) the samples' start timestamps are kept too, in columns that exist
 * only when some sample has one.
 */
export function readSeries(
  labels: Labels,
  it: SampleIterator,
  mint: number,
  maxt: number,
  startTimestamps = false,
): StoredSeries {
  const histograms: HPoint[] = []
  const withST = startTimestamps && it.atST !== undefined
  let hst: number[] | undefined
  let n = 0
  let vt = it.seek(mint)
  while (vt !== ValueType.None) {
    const t = it.atT()
    if (t > maxt) break
    if (vt === ValueType.Float) {
      if (n === scratchT.length) {
        scratchT = grow(scratchT)
        scratchV = grow(scratchV)
        scratchST = grow(scratchST)
      }
      if (it.copyFloats !== undefined)
        n += it.copyFloats(maxt, scratchT, scratchV, n, withST ? scratchST : undefined)
      else {
        scratchT[n] = t
        scratchV[n] = it.atF()
        if (withST) scratchST[n] = (it.atST as () => number)()
        n++
      }
    } else {
      if (withST) (hst ??= []).push((it.atST as () => number)())
      histograms.push({ t, h: copyHistogram(it.atHistogram()) })
    }
    vt = it.next()
  }
  const err = it.err()
  if (err !== undefined) throw err
  let fst: Float64Array | undefined
  if (withST) {
    for (let i = 0; i < n; i++) {
      if (scratchST[i] !== 0) {
        fst = scratchST.slice(0, n)
        break
      }
    }
  }
  return new StoredSeries(
    labels,
    scratchT.slice(0, n),
    scratchV.slice(0, n),
    n,
    histograms,
    fst,
    hst?.some((st) => st !== 0) === true ? Float64Array.from(hst) : undefined,
  )
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
