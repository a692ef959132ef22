import type { Labels, NativeHistogram } from '@watchfire/model'
import { ValueType, type SampleIterator, type Series } from '@watchfire/storage'
import type { WriteSeries } from '../web/remote-write-decode.js'

/**
 * Iterates a remote series' float and histogram samples in timestamp order (Prometheus's
 * concreteSeriesIterator), skipping samples outside `[mint, maxt]`. The arrays are the decoded
 * response's and must already be in timestamp order, as remote reads return them.
 */
export class ReadSeriesIterator implements SampleIterator {
  private readonly s: WriteSeries
  private readonly mint: number
  private readonly maxt: number
  private fi = 0
  private hi = 0
  private started = false
  private cur: ValueType = ValueType.None

  constructor(series: WriteSeries, mint: number, maxt: number) {
    this.s = series
    this.mint = mint
    this.maxt = maxt
  }

  next(): ValueType {
    const { timestamps, histograms } = this.s
    // Advance whichever column the current sample came from.
    if (!this.started) this.started = true
    else if (this.cur === ValueType.Float) this.fi++
    else if (this.cur === ValueType.Histogram) this.hi++
    else return ValueType.None
    for (;;) {
      const ft = this.fi < timestamps.length ? (timestamps[this.fi] as number) : Infinity
      const ht = this.hi < histograms.length ? (histograms[this.hi] as { t: number }).t : Infinity
      const t = Math.min(ft, ht)
      if (t === Infinity || t > this.maxt) return (this.cur = ValueType.None)
      const kind = ft <= ht ? ValueType.Float : ValueType.Histogram
      if (t >= this.mint) return (this.cur = kind)
      if (kind === ValueType.Float) this.fi++
      else this.hi++
    }
  }

  seek(t: number): ValueType {
    if (this.started && this.cur === ValueType.None) return ValueType.None
    if (this.cur !== ValueType.None && this.atT() >= t) return this.cur
    while (this.next() !== ValueType.None) if (this.atT() >= t) return this.cur
    return ValueType.None
  }

  atT(): number {
    if (this.cur === ValueType.Float) return this.s.timestamps[this.fi] as number
    if (this.cur === ValueType.Histogram) return (this.s.histograms[this.hi] as { t: number }).t
    throw new RangeError('cannot read sample (iterator not positioned)')
  }

  atF(): number {
    if (this.cur !== ValueType.Float) throw new RangeError('cannot read float (iterator not on a float)')
    return this.s.values[this.fi] as number
  }

  atHistogram(): NativeHistogram {
    if (this.cur !== ValueType.Histogram)
      throw new RangeError('cannot read histogram (iterator not on a histogram)')
    return (this.s.histograms[this.hi] as { h: NativeHistogram }).h
  }

  err(): Error | undefined {
    return undefined
  }
}

/** A series read from a remote store, with the labels it is known by locally. */
export class ReadSeries implements Series {
  readonly labels: Labels
  private readonly data: WriteSeries
  private readonly mint: number
  private readonly maxt: number

  constructor(labels: Labels, data: WriteSeries, mint: number, maxt: number) {
    this.labels = labels
    this.data = data
    this.mint = mint
    this.maxt = maxt
  }

  iterator(): SampleIterator {
    return new ReadSeriesIterator(this.data, this.mint, this.maxt)
  }
}
