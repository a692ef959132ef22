import type { NativeHistogram } from '@watchfire/model'
import type { SeriesEntry } from './series-entry.js'

/**
 * Samples read from the WAL on their way to the shards, as parallel columns reused from one read
 * to the next: series, timestamp, value (a Float64Array keeps stale-marker NaN bits), the record's
 * sequence number (see SendTracker) and, for histogram samples, the histogram.
 */
export class WalBatch {
  length = 0
  series: SeriesEntry[] = []
  t = new Float64Array(1024)
  v = new Float64Array(1024)
  seq = new Float64Array(1024)
  hist: (NativeHistogram | undefined)[] = []
  /** Histograms present in the batch, so the float-only path skips the column. */
  histograms = 0

  /** Empties the batch, keeping its buffers. */
  clear(): void {
    this.length = 0
    if (this.histograms > 0) this.hist.fill(undefined)
    this.histograms = 0
  }

  private grow(): void {
    const size = this.t.length * 2
    for (const k of ['t', 'v', 'seq'] as const) {
      const next = new Float64Array(size)
      next.set(this[k])
      this[k] = next
    }
  }

  /** Appends a float sample; `vs[at]` is copied as raw bits. */
  pushFloat(s: SeriesEntry, t: number, vs: Float64Array, at: number): void {
    const i = this.length
    if (i === this.t.length) this.grow()
    this.series[i] = s
    this.t[i] = t
    this.v[i] = vs[at] as number
    this.length = i + 1
  }

  /** Appends a histogram sample. */
  pushHistogram(s: SeriesEntry, t: number, h: NativeHistogram): void {
    const i = this.length
    if (i === this.t.length) this.grow()
    this.series[i] = s
    this.t[i] = t
    this.v[i] = 0
    this.hist[i] = h
    this.histograms++
    this.length = i + 1
  }

  /** Sets the record sequence number of samples [from, to). */
  stamp(from: number, to: number, seq: number): void {
    this.seq.fill(seq, from, to)
  }
}
