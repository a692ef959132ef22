import type { Labels, NativeHistogram } from '@watchfire/model'

const INITIAL_CAPACITY = 8

/**
 * One series' committed samples as growable columns: timestamps and float values in Float64Arrays
 * (doubling on growth), histograms in a parallel array that exists only once the series has one.
 * A slot holds a histogram sample when `hs[i]` is defined, otherwise a float. Start timestamps
 * likewise live in a parallel column created by the first sample that has one (0 = unknown), so
 * series without them pay nothing. Append-only, so readers that captured `len` keep a stable view
 * while writers add samples behind them.
 */
export class MemSeries {
  readonly id: number
  readonly labels: Labels
  ts: Float64Array = new Float64Array(INITIAL_CAPACITY)
  vs: Float64Array = new Float64Array(INITIAL_CAPACITY)
  hs: (NativeHistogram | undefined)[] | undefined
  sts: Float64Array | undefined
  len = 0

  constructor(id: number, labels: Labels) {
    this.id = id
    this.labels = labels
  }

  /** Timestamp of the newest committed sample, or -Infinity when empty. */
  lastT(): number {
    return this.len === 0 ? -Infinity : (this.ts[this.len - 1] as number)
  }

  /** Appends one committed sample (`st` 0 when its start timestamp is unknown); the caller has checked ordering. */
  push(t: number, v: number, h: NativeHistogram | undefined, st = 0): void {
    if (this.len === this.ts.length) this.grow()
    this.ts[this.len] = t
    this.vs[this.len] = v
    if (st !== 0) this.sts ??= new Float64Array(this.ts.length)
    if (this.sts !== undefined) this.sts[this.len] = st
    if (h !== undefined) {
      this.hs ??= []
      this.hs[this.len] = h
    } else if (this.hs !== undefined) {
      this.hs[this.len] = undefined
    }
    this.len++
  }

  /** Index of the first sample with timestamp >= t within [from, len). */
  lowerBound(t: number, len: number = this.len, from = 0): number {
    let lo = from
    let hi = len
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.ts[mid] as number) < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** True if some sample lies in [mint, maxt]. */
  overlaps(mint: number, maxt: number): boolean {
    const i = this.lowerBound(mint)
    return i < this.len && (this.ts[i] as number) <= maxt
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2)
    ts.set(this.ts)
    const vs = new Float64Array(this.vs.length * 2)
    vs.set(this.vs)
    this.ts = ts
    this.vs = vs
    if (this.sts !== undefined) {
      const sts = new Float64Array(this.sts.length * 2)
      sts.set(this.sts)
      this.sts = sts
    }
  }
}
