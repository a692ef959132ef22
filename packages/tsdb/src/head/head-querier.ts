import { Labels, type Matcher } from '@watchfire/model'
import {
  ArraySeriesSet,
  ErrorSeriesSet,
  type Querier,
  type SampleIterator,
  type Series,
  type SeriesSet,
  labelNamesOf,
  labelValuesOf,
} from '@watchfire/storage'
import type { Interval } from '../block/tombstones.js'
import { BlockSeriesIterator } from '../block/series-iterator.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import type { Head } from './head.js'
import type { HeadSeries } from './head-series.js'
import { sortedByLabels } from './sorted-postings.js'

/** A series as selected: its chunks snapshotted at select time, so later appends and truncation do not disturb it. */
export class ChunkSeries implements Series {
  readonly labels: Labels
  private readonly chunks: readonly ChunkBytes[]
  private readonly mint: number
  private readonly maxt: number
  private readonly deleted: readonly Interval[] | undefined

  constructor(
    labels: Labels,
    chunks: readonly ChunkBytes[],
    mint: number,
    maxt: number,
    deleted?: readonly Interval[],
  ) {
    this.labels = labels
    this.chunks = chunks
    this.mint = mint
    this.maxt = maxt
    this.deleted = deleted
  }

  iterator(): SampleIterator {
    return new BlockSeriesIterator(this.chunks, this.mint, this.maxt, this.deleted)
  }
}

/** A querier over the head's committed samples in [mint, maxt]. */
export class HeadQuerier implements Querier {
  private readonly head: Head
  private readonly mint: number
  private readonly maxt: number
  private closed = false

  constructor(head: Head, mint: number, maxt: number) {
    this.head = head
    this.mint = mint
    this.maxt = maxt
  }

  select(sorted: boolean, _hints: unknown, ...matchers: Matcher[]): SeriesSet {
    const picked = this.matching(matchers, sorted)
    let chunks: ChunkBytes[][]
    try {
      chunks = this.head.chunksOf(picked, this.mint, this.maxt)
    } catch (err) {
      // A head chunk file that fails to read or verify.
      return new ErrorSeriesSet(err instanceof Error ? err : new Error(String(err)))
    }
    const out: Series[] = []
    for (let i = 0; i < picked.length; i++) {
      const s = picked[i] as HeadSeries
      const deleted = this.head.tombstones.get(s.ref)
      out.push(new ChunkSeries(s.labels, chunks[i] as ChunkBytes[], this.mint, this.maxt, deleted))
    }
    return new ArraySeriesSet(out)
  }

  async labelNames(...matchers: Matcher[]): Promise<string[]> {
    return labelNamesOf(this.matching(matchers))
  }

  async labelValues(name: string, ...matchers: Matcher[]): Promise<string[]> {
    return labelValuesOf(this.matching(matchers), name)
  }

  close(): void {
    this.closed = true
  }

  /** The matching series with samples in range, in ref order or (`sorted`) in label order. */
  private matching(matchers: readonly Matcher[], sorted = false): HeadSeries[] {
    if (this.closed) throw new RangeError('cannot query head (querier closed)')
    const out: HeadSeries[] = []
    const refs = this.head.postings.select(matchers)
    for (const ref of sorted ? sortedByLabels(this.head, refs) : refs) {
      const s = this.head.series(ref)
      if (s === undefined) {
        this.head.countSeriesNotFound()
        continue
      }
      if (!s.overlaps(this.mint, this.maxt)) continue
      const deleted = this.head.tombstones.get(ref)
      // A series whose every sample is deleted is not shown at all.
      if (deleted !== undefined && deleted.some((iv) => iv.minT <= s.minTime && iv.maxT >= s.lastT)) continue
      out.push(s)
    }
    return out
  }
}
