import type { Labels, Matcher } from '@watchfire/model'
import type { SampleIterator } from './sample-iterator.js'

/** Something that can open queriers over a time range (a store, a fanout of stores). */
export interface Queryable {
  /**
   * Opens a querier over samples with `mint <= t <= maxt` (ms, both inclusive). The querier sees a
   * consistent snapshot of committed data as of this call or later; callers must close it.
   * `planned` announces the selects the caller is about to make, so a store that must fetch over the
   * network (remote read) can do it here, where awaiting is allowed; local stores ignore it.
   */
  querier(mint: number, maxt: number, planned?: readonly PlannedSelect[]): Promise<Querier>
}

/** A select announced when opening a querier (see {@link Queryable.querier}). */
export interface PlannedSelect {
  hints: SelectHints | undefined
  matchers: readonly Matcher[]
}

/** Advisory facts about the query a select serves; stores may use them to read less. */
export interface SelectHints {
  /** Start of the data the query needs, in ms. */
  start: number
  /** End of the data the query needs, in ms. */
  end: number
  /** Evaluation step in ms (0 for instant queries). */
  step?: number
  /** The PromQL function the selector feeds, e.g. `rate`, or `series` for metadata calls. */
  func?: string
  /** Range of the matrix selector in ms, if any. */
  range?: number
}

/**
 * A read view over one time range. Only committed data is visible. Series sets and iterators it
 * returns are valid until `close()`; a querier may be used from one async context at a time.
 */
export interface Querier {
  /**
   * Series matching all matchers (an absent label matches as `''`). When `sorted` is true the set
   * is ordered by `Labels.compare`. Series without samples in the querier's range are omitted.
   * Errors surface through `SeriesSet.err()`, not by throwing.
   */
  select(sorted: boolean, hints: SelectHints | undefined, ...matchers: Matcher[]): SeriesSet
  /** Sorted, unique label names of the series matching all matchers (all series if none). */
  labelNames(...matchers: Matcher[]): Promise<string[]>
  /** Sorted, unique, non-empty values of `name` on the series matching all matchers. */
  labelValues(name: string, ...matchers: Matcher[]): Promise<string[]>
  /** Releases resources; the querier and everything it returned must not be used afterwards. */
  close(): void
}

/**
 * A cursor over series. Call `next()` until false, then check `err()`. `at()` returns the
 * current series and is only valid after `next()` returned true. Not safe for concurrent use.
 */
export interface SeriesSet {
  /** Moves to the next series; false when exhausted or failed. */
  next(): boolean
  /** The current series. */
  at(): Series
  /** The error that ended iteration, if any. */
  err(): Error | undefined
  /** Non-fatal problems found while selecting (e.g. a secondary store failing). */
  warnings(): readonly string[]
}

/** One series: its identity and a way to read its samples. */
export interface Series {
  /** The series' labels. */
  readonly labels: Labels
  /**
   * A fresh iterator over the samples in the querier's range; pass a previous iterator from the
   * same store as `reuse` to recycle its buffers.
   */
  iterator(reuse?: SampleIterator): SampleIterator
}
