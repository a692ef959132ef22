import type { Exemplar, Labels, NativeHistogram } from '@watchfire/model'

/**
 * A store-assigned handle for a series, returned by append calls so the next append of the same
 * series can skip the label lookup. `0` means "unknown": the store resolves the labels. A ref is
 * only meaningful to the store that issued it.
 */
export type SeriesRef = number

/** Something samples can be written to (the TSDB head, a remote-write queue, a fanout). */
export interface Appendable {
  /** A fresh appender; cheap. Each scrape or rule evaluation uses its own. */
  appender(): Appender
}

/**
 * A batch of writes that becomes visible to queriers atomically on `commit()` and is discarded by
 * `rollback()`. An appender ends with exactly one of the two and is never reused afterwards. Not
 * safe for concurrent use: one producer per appender; use several appenders for parallel writers.
 *
 * Append calls are synchronous and validate eagerly: a rejected sample throws one of the shared
 * sentinel errors (`ERR_OUT_OF_ORDER_SAMPLE`, `ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP`,
 * `ERR_OUT_OF_BOUNDS`) and the rest of the batch stays usable, so a scraper counts the rejection
 * and moves on. An exact duplicate (same timestamp, same value) is accepted and ignored.
 * `labels` must not be empty; the caller keeps ownership of the histogram object passed in, which
 * the store copies or does not retain mutably.
 */
export interface Appender {
  /**
   * Adds a float sample (timestamp in ms); returns the series' ref for the next call. `st` is the
   * sample's start timestamp in ms (Prometheus's created timestamp: when the counter began counting
   * towards this value); 0 or omitted means unknown. Stores that keep no start timestamps ignore it.
   */
  append(ref: SeriesRef, labels: Labels, t: number, v: number, st?: number): SeriesRef
  /** Adds a native histogram sample, with an optional start timestamp as for `append`; returns the series' ref. */
  appendHistogram(ref: SeriesRef, labels: Labels, t: number, h: NativeHistogram, st?: number): SeriesRef
  /**
   * Optional: attaches an exemplar to the series `ref` (as returned by appending one of its
   * samples); `exemplar.timestampMs` must be set (a scraper uses the sample's time when the
   * exposition gave none). Stores that keep no exemplars leave it out; stores that do drop
   * duplicates and out-of-order exemplars without throwing. Returns the series' ref.
   */
  appendExemplar?(ref: SeriesRef, labels: Labels, exemplar: Exemplar): SeriesRef
  /** Makes the batch visible. */
  commit(): Promise<void>
  /** Discards the batch. */
  rollback(): Promise<void>
}
