import { Labels, type Matcher } from '@watchfire/model'
import type { PlannedSelect, Querier, Queryable, SelectHints, Series, SeriesSet } from '../querier.js'
import type { SampleIterator } from '../sample-iterator.js'
import { MergeIterator } from './merge-iterator.js'

/**
 * A Queryable over several others (Prometheus's fanout/merge querier): series with equal labels
 * from different stores become one series whose samples interleave by timestamp, the first store
 * winning on equal timestamps. Any store's error fails the query.
 */
export function mergeQueryables(queryables: readonly Queryable[]): Queryable {
  return {
    async querier(mint: number, maxt: number, planned?: readonly PlannedSelect[]): Promise<Querier> {
      const queriers = await Promise.all(queryables.map((q) => q.querier(mint, maxt, planned)))
      return queriers.length === 1 ? (queriers[0] as Querier) : new MergeQuerier(queriers)
    },
  }
}

/** Merges the results of several queriers; closing it closes them all. */
export class MergeQuerier implements Querier {
  private readonly queriers: readonly Querier[]

  constructor(queriers: readonly Querier[]) {
    this.queriers = queriers
  }

  select(_sorted: boolean, hints: SelectHints | undefined, ...matchers: Matcher[]): SeriesSet {
    // Merging needs every input sorted, and the merged output is then sorted for free.
    return new MergeSeriesSet(this.queriers.map((q) => q.select(true, hints, ...matchers)))
  }

  async labelNames(...matchers: Matcher[]): Promise<string[]> {
    return union(await Promise.all(this.queriers.map((q) => q.labelNames(...matchers))))
  }

  async labelValues(name: string, ...matchers: Matcher[]): Promise<string[]> {
    return union(await Promise.all(this.queriers.map((q) => q.labelValues(name, ...matchers))))
  }

  close(): void {
    for (const q of this.queriers) q.close()
  }
}

class MergedSeries implements Series {
  readonly labels: Labels
  private readonly parts: readonly Series[]

  constructor(parts: readonly Series[]) {
    this.labels = (parts[0] as Series).labels
    this.parts = parts
  }

  iterator(): SampleIterator {
    return new MergeIterator(this.parts.map((p) => p.iterator()))
  }
}

/** A k-way merge of sorted series sets. */
export class MergeSeriesSet implements SeriesSet {
  private readonly sets: readonly SeriesSet[]
  private readonly heads: (Series | undefined)[]
  /** Sets whose head was emitted last round and must advance before the next comparison. */
  private readonly consumed: boolean[]
  private cur: Series | undefined

  constructor(sets: readonly SeriesSet[]) {
    this.sets = sets
    this.heads = sets.map(() => undefined)
    this.consumed = sets.map(() => true)
  }

  next(): boolean {
    for (let i = 0; i < this.sets.length; i++) {
      if (!this.consumed[i]) continue
      const set = this.sets[i] as SeriesSet
      this.heads[i] = set.next() ? set.at() : undefined
      this.consumed[i] = false
    }
    if (this.err() !== undefined) return false
    let min: Series | undefined
    for (const h of this.heads)
      if (h !== undefined && (min === undefined || Labels.compare(h.labels, min.labels) < 0)) min = h
    if (min === undefined) {
      this.cur = undefined
      return false
    }
    const parts: Series[] = []
    for (let i = 0; i < this.heads.length; i++) {
      const h = this.heads[i]
      if (h !== undefined && h.labels.equals(min.labels)) {
        parts.push(h)
        this.consumed[i] = true
      }
    }
    this.cur = parts.length === 1 ? parts[0] : new MergedSeries(parts)
    return true
  }

  at(): Series {
    if (this.cur === undefined) throw new RangeError('cannot read series (set not positioned)')
    return this.cur
  }

  err(): Error | undefined {
    for (const s of this.sets) {
      const e = s.err()
      if (e !== undefined) return e
    }
    return undefined
  }

  warnings(): readonly string[] {
    return this.sets.flatMap((s) => s.warnings())
  }
}

function union(lists: readonly string[][]): string[] {
  const all = new Set<string>()
  for (const l of lists) for (const x of l) all.add(x)
  return [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
