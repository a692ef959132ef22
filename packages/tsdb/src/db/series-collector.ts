import { copyHistogram } from '@watchfire/model'
import type { Labels, NativeHistogram } from '@watchfire/model'
import type { BlockSeriesInput } from '../block/block-writer.js'
import type { BlockSeriesIterator } from '../block/series-iterator.js'
import { ValueType } from '../chunkenc/value-type.js'

/**
 * Gathers one series' samples from several sources (blocks being merged, the head) into columns
 * for writeBlock, keeping floats in a Float64Array so stale markers survive. Sources may overlap
 * in time: the columns are sorted and de-duplicated (first source wins) when finished.
 */
export class SeriesCollector {
  readonly labels: Labels
  private ft: number[] = []
  private fv = new Float64Array(256)
  private ht: number[] = []
  private hv: NativeHistogram[] = []
  private ordered = true

  constructor(labels: Labels) {
    this.labels = labels
  }

  /** Number of samples gathered so far. */
  get size(): number {
    return this.ft.length + this.ht.length
  }

  /** Drains an iterator; throws the iterator's error if it stopped on one. */
  addAll(it: BlockSeriesIterator): void {
    for (let kind = it.next(); kind !== ValueType.None; kind = it.next()) {
      const t = it.atT()
      if (kind === ValueType.Float) {
        const n = this.ft.length
        if (n > 0 && t <= (this.ft[n - 1] as number)) this.ordered = false
        if (n === this.fv.length) {
          const grown = new Float64Array(n * 2)
          grown.set(this.fv)
          this.fv = grown
        }
        this.fv[n] = it.atF()
        this.ft.push(t)
      } else {
        const n = this.ht.length
        if (n > 0 && t <= (this.ht[n - 1] as number)) this.ordered = false
        this.ht.push(t)
        this.hv.push(copyHistogram(it.atHistogram()))
      }
    }
    const err = it.err()
    if (err !== undefined) throw err
  }

  /** The gathered samples as writeBlock input, in time order without duplicate timestamps. */
  finish(): BlockSeriesInput {
    const out: BlockSeriesInput = { labels: this.labels }
    const n = this.ft.length
    if (n > 0) {
      let ts: Float64Array = Float64Array.from(this.ft)
      let vs: Float64Array = this.fv.subarray(0, n)
      if (!this.ordered) [ts, vs] = sortFloats(ts, vs)
      out.floats = { timestamps: ts, values: vs }
    }
    if (this.ht.length > 0) {
      let ts = Float64Array.from(this.ht)
      let hs = this.hv
      if (!this.ordered) {
        const idx = stableOrder(ts)
        ts = Float64Array.from(idx, (i) => this.ht[i] as number)
        hs = idx.map((i) => this.hv[i] as NativeHistogram)
      }
      out.histograms = { timestamps: ts, values: hs }
    }
    return out
  }
}

/** Indexes sorted by timestamp, keeping only the first of equal timestamps. */
function stableOrder(ts: Float64Array): number[] {
  const idx = Array.from(ts, (_, i) => i).sort((a, b) => (ts[a] as number) - (ts[b] as number) || a - b)
  return idx.filter((i, k) => k === 0 || ts[idx[k - 1] as number] !== ts[i])
}

function sortFloats(ts: Float64Array, vs: Float64Array): [Float64Array, Float64Array] {
  const idx = stableOrder(ts)
  const ot = new Float64Array(idx.length)
  const ov = new Float64Array(idx.length)
  idx.forEach((i, k) => {
    ot[k] = ts[i] as number
    ov[k] = vs[i] as number
  })
  return [ot, ov]
}
