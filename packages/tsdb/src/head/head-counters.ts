import {
  ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP,
  ERR_OUT_OF_BOUNDS,
  ERR_OUT_OF_ORDER_SAMPLE,
  type StorageError,
} from '@watchfire/storage'

/** Counters of what the head holds and refused, named after Prometheus's metrics. */
export interface HeadStats {
  /** prometheus_tsdb_head_series */
  series: number
  /** prometheus_tsdb_head_samples_appended_total, floats and histograms */
  samplesAppended: number
  /** prometheus_tsdb_head_samples_appended_total{type="histogram"} */
  histogramSamplesAppended: number
  /** prometheus_tsdb_out_of_order_samples_total{type="float"} */
  outOfOrderSamples: number
  /** prometheus_tsdb_out_of_order_samples_total{type="histogram"} */
  histogramOutOfOrderSamples: number
  /** Rejected float duplicates (not a Prometheus metric; counted with out-of-order there) */
  duplicateSamples: number
  /** Rejected histogram duplicates, likewise */
  histogramDuplicateSamples: number
  /** prometheus_tsdb_out_of_bound_samples_total{type="float"} */
  outOfBoundsSamples: number
  /** prometheus_tsdb_out_of_bound_samples_total{type="histogram"} */
  histogramOutOfBoundsSamples: number
  /** prometheus_tsdb_too_old_samples_total: floats older than the out-of-order window allows */
  tooOldSamples: number
  /** prometheus_tsdb_head_chunks_created_total (re-attached at start-up ones included, as in Prometheus) */
  chunksCreated: number
  /** prometheus_tsdb_head_chunks_removed_total */
  chunksRemoved: number
  /** prometheus_tsdb_head_series_not_found_total: postings naming a series removed before a query read it */
  seriesNotFound: number
  /** prometheus_tsdb_head_active_appenders */
  activeAppenders: number
  /** prometheus_tsdb_head_series_created_total */
  seriesCreated: number
  /** prometheus_tsdb_head_series_removed_total */
  seriesRemoved: number
  /** prometheus_tsdb_head_chunks */
  chunks: number
  /** prometheus_tsdb_head_out_of_order_samples_appended_total */
  outOfOrderSamplesAppended: number
}

/**
 * The head's running totals (see {@link HeadStats}): plain fields bumped where things happen and
 * read at scrape time, so counting costs the append path an increment.
 */
export class HeadCounters {
  samplesAppended = 0
  histogramSamplesAppended = 0
  outOfOrderSamples = 0
  histogramOutOfOrderSamples = 0
  duplicateSamples = 0
  histogramDuplicateSamples = 0
  outOfBoundsSamples = 0
  histogramOutOfBoundsSamples = 0
  tooOldSamples = 0
  seriesCreated = 0
  seriesRemoved = 0
  outOfOrderSamplesAppended = 0
  chunksCreated = 0
  chunksRemoved = 0
  seriesNotFound = 0

  /** Counts a rejected sample under its reason and kind; `tooOld` marks an out-of-order float past the window. */
  countRejection(err: StorageError, histogram: boolean, tooOld: boolean): void {
    if (err === ERR_OUT_OF_ORDER_SAMPLE) {
      if (histogram) this.histogramOutOfOrderSamples++
      else if (tooOld) this.tooOldSamples++
      else this.outOfOrderSamples++
    } else if (err === ERR_DUPLICATE_SAMPLE_FOR_TIMESTAMP) {
      if (histogram) this.histogramDuplicateSamples++
      else this.duplicateSamples++
    } else if (err === ERR_OUT_OF_BOUNDS) {
      if (histogram) this.histogramOutOfBoundsSamples++
      else this.outOfBoundsSamples++
    }
  }
}
