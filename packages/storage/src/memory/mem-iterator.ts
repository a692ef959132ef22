import type { NativeHistogram } from '@watchfire/model'
import { ValueType, type SampleIterator } from '../sample-iterator.js'
import type { MemSeries } from './mem-series.js'

/** Iterates a {@link MemSeries} between two indexes fixed when the iterator was (re)set. */
export class MemIterator implements SampleIterator {
  private series: MemSeries | undefined
  private start = 0
  private i = 0
  private end = 0

  /** Points the iterator at samples of `series` with mint <= t <= maxt, before the first one. */
  reset(series: MemSeries, mint: number, maxt: number): this {
    this.series = series
    const len = series.len
    this.start = series.lowerBound(mint, len)
    this.i = this.start - 1
    this.end = series.lowerBound(maxt + 1, len)
    return this
  }

  next(): ValueType {
    if (this.i >= this.end) return ValueType.None
    this.i++
    return this.kind()
  }

  seek(t: number): ValueType {
    const s = this.series
    if (s === undefined) return ValueType.None
    if (this.i < this.start) this.i = this.start
    if (this.i < this.end && (s.ts[this.i] as number) < t) this.i = s.lowerBound(t, this.end, this.i)
    return this.kind()
  }

  atT(): number {
    return (this.series as MemSeries).ts[this.i] as number
  }

  atF(): number {
    return (this.series as MemSeries).vs[this.i] as number
  }

  atHistogram(): NativeHistogram {
    const h = (this.series as MemSeries).hs?.[this.i]
    if (h === undefined) throw new RangeError('cannot read histogram (current sample is a float)')
    return h
  }

  err(): Error | undefined {
    return undefined
  }

  atST(): number {
    return (this.series as MemSeries).sts?.[this.i] ?? 0
  }

  copyFloats(maxT: number, ts: Float64Array, vs: Float64Array, at: number, sts?: Float64Array): number {
    const s = this.series as MemSeries
    const times = s.ts
    const svs = s.vs
    const hs = s.hs
    let i = this.i
    let k = at
    const room = ts.length
    while (i < this.end && k < room && (times[i] as number) <= maxT && hs?.[i] === undefined) {
      ts[k] = times[i] as number
      vs[k] = svs[i] as number
      i++
      k++
    }
    if (sts !== undefined) {
      if (s.sts === undefined) sts.fill(0, at, k)
      else sts.set(s.sts.subarray(this.i, i), at)
    }
    this.i = i - 1
    return k - at
  }

  private kind(): ValueType {
    if (this.i >= this.end) return ValueType.None
    return (this.series as MemSeries).hs?.[this.i] !== undefined ? ValueType.Histogram : ValueType.Float
  }
}
