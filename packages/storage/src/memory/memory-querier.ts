import { Labels, type Matcher } from '@watchfire/model'
import { labelNamesOf, labelValuesOf } from '../label-lookup.js'
import type { Querier, SelectHints, Series, SeriesSet } from '../querier.js'
import type { SampleIterator } from '../sample-iterator.js'
import { ArraySeriesSet } from '../series-set.js'
import { MemIterator } from './mem-iterator.js'
import type { MemSeries } from './mem-series.js'
import type { Postings } from './postings.js'

/** The store internals a querier reads. */
export interface MemoryQueryTarget {
  readonly postings: Postings
  seriesById(id: number): MemSeries | undefined
}

class MemSeriesView implements Series {
  readonly labels: Labels
  private readonly series: MemSeries
  private readonly mint: number
  private readonly maxt: number

  constructor(series: MemSeries, mint: number, maxt: number) {
    this.series = series
    this.labels = series.labels
    this.mint = mint
    this.maxt = maxt
  }

  iterator(reuse?: SampleIterator): SampleIterator {
    const it = reuse instanceof MemIterator ? reuse : new MemIterator()
    return it.reset(this.series, this.mint, this.maxt)
  }
}

/** A querier over a {@link MemoryStorage}'s committed samples in [mint, maxt]. */
export class MemoryQuerier implements Querier {
  private readonly target: MemoryQueryTarget
  private readonly mint: number
  private readonly maxt: number
  private closed = false

  constructor(target: MemoryQueryTarget, mint: number, maxt: number) {
    this.target = target
    this.mint = mint
    this.maxt = maxt
  }

  select(sorted: boolean, _hints: SelectHints | undefined, ...matchers: Matcher[]): SeriesSet {
    const views = this.matching(matchers).map((s) => new MemSeriesView(s, this.mint, this.maxt))
    if (sorted) views.sort((a, b) => Labels.compare(a.labels, b.labels))
    return new ArraySeriesSet(views)
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

  private matching(matchers: readonly Matcher[]): MemSeries[] {
    if (this.closed) throw new RangeError('cannot query (querier closed)')
    const out: MemSeries[] = []
    for (const id of this.target.postings.select(matchers)) {
      const s = this.target.seriesById(id)
      if (s !== undefined && s.overlaps(this.mint, this.maxt)) out.push(s)
    }
    return out
  }
}
