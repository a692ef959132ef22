import type { DBStats } from '@watchfire/tsdb'
import type { LabelledStatMetric, StatMetric } from './stat-metrics.js'

/** Counters: the store keeps running totals, each scrape advances the counter by the difference. */
export const TSDB_COUNTERS: readonly StatMetric<DBStats>[] = [
  [
    'prometheus_tsdb_head_out_of_order_samples_appended_total',
    'Total number of appended out of order samples.',
    (s) => s.outOfOrderSamplesAppended,
  ],
  [
    'prometheus_tsdb_head_series_created_total',
    'Total number of series created in the head',
    (s) => s.seriesCreated,
  ],
  [
    'prometheus_tsdb_head_series_removed_total',
    'Total number of series removed in the head',
    (s) => s.seriesRemoved,
  ],
  [
    'prometheus_tsdb_head_series_not_found_total',
    'Total number of requests for series that were not found.',
    (s) => s.seriesNotFound,
  ],
  [
    'prometheus_tsdb_head_chunks_created_total',
    'Total number of chunks created in the head',
    (s) => s.chunksCreated,
  ],
  [
    'prometheus_tsdb_head_chunks_removed_total',
    'Total number of chunks removed in the head',
    (s) => s.chunksRemoved,
  ],
  [
    'prometheus_tsdb_head_truncations_total',
    'Total number of head truncations attempted.',
    (s) => s.headTruncations,
  ],
  [
    'prometheus_tsdb_head_truncations_failed_total',
    'Total number of head truncations that failed.',
    (s) => s.headTruncationsFailed,
  ],
  [
    'prometheus_tsdb_compactions_total',
    'Total number of compactions that were executed for the partition.',
    (s) => s.compactions,
  ],
  [
    'prometheus_tsdb_compactions_failed_total',
    'Total number of compactions that failed for the partition.',
    (s) => s.compactionsFailed,
  ],
  [
    'prometheus_tsdb_compactions_triggered_total',
    'Total number of triggered compactions for the partition.',
    (s) => s.compactionsTriggered,
  ],
  [
    'prometheus_tsdb_compactions_skipped_total',
    'Total number of skipped compactions due to disabled auto compaction.',
    (s) => s.compactionsSkipped,
  ],
  [
    'prometheus_tsdb_vertical_compactions_total',
    'Total number of compactions done on overlapping blocks.',
    (s) => s.verticalCompactions,
  ],
  [
    'prometheus_tsdb_mmap_chunk_corruptions_total',
    'Total number of memory-mapped chunk corruptions.',
    (s) => s.mmapChunkCorruptions,
  ],
  [
    'prometheus_tsdb_reloads_total',
    'Number of times the database reloaded block data from disk.',
    (s) => s.reloads,
  ],
  [
    'prometheus_tsdb_reloads_failures_total',
    'Number of times the database failed to reloadBlocks block data from disk.',
    (s) => s.reloadsFailed,
  ],
  ['prometheus_tsdb_wal_corruptions_total', 'Total number of WAL corruptions.', (s) => s.walCorruptions],
  [
    'prometheus_tsdb_wal_truncations_total',
    'Total number of write log truncations attempted.',
    (s) => s.walTruncations,
  ],
  [
    'prometheus_tsdb_wal_truncations_failed_total',
    'Total number of write log truncations that failed.',
    (s) => s.walTruncationsFailed,
  ],
  [
    'prometheus_tsdb_wal_writes_failed_total',
    'Total number of write log writes that failed.',
    (s) => s.walWritesFailed,
  ],
  ['prometheus_tsdb_wal_page_flushes_total', 'Total number of page flushes.', (s) => s.walPageFlushes],
  [
    'prometheus_tsdb_wal_completed_pages_total',
    'Total number of completed pages.',
    (s) => s.walCompletedPages,
  ],
  [
    'prometheus_tsdb_checkpoint_creations_total',
    'Total number of checkpoint creations attempted.',
    (s) => s.checkpoints,
  ],
  [
    'prometheus_tsdb_checkpoint_creations_failed_total',
    'Total number of checkpoint creations that failed.',
    (s) => s.checkpointsFailed,
  ],
  [
    'prometheus_tsdb_checkpoint_deletions_total',
    'Total number of checkpoint deletions attempted.',
    (s) => s.checkpointDeletions,
  ],
  [
    'prometheus_tsdb_checkpoint_deletions_failed_total',
    'Total number of checkpoint deletions that failed.',
    (s) => s.checkpointDeletionsFailed,
  ],
  [
    'prometheus_tsdb_time_retentions_total',
    'The number of times that blocks were deleted because the maximum time limit was exceeded.',
    (s) => s.timeRetentions,
  ],
  [
    'prometheus_tsdb_size_retentions_total',
    'The number of times that blocks were deleted because the maximum number of bytes was exceeded.',
    (s) => s.sizeRetentions,
  ],
]

/**
 * Counters split by sample type, as Prometheus splits them. Duplicates are counted with
 * out-of-order samples (Prometheus rejects them the same way).
 */
export const TSDB_TYPED_COUNTERS: readonly LabelledStatMetric<DBStats>[] = [
  [
    'prometheus_tsdb_head_samples_appended_total',
    'Total number of appended samples.',
    'type',
    {
      float: (s) => s.samplesAppended - s.histogramSamplesAppended,
      histogram: (s) => s.histogramSamplesAppended,
    },
  ],
  [
    'prometheus_tsdb_out_of_order_samples_total',
    'Total number of out of order samples ingestion failed attempts due to out of order being disabled.',
    'type',
    {
      float: (s) => s.outOfOrderSamples + s.duplicateSamples,
      histogram: (s) => s.histogramOutOfOrderSamples + s.histogramDuplicateSamples,
    },
  ],
  [
    'prometheus_tsdb_out_of_bound_samples_total',
    'Total number of out of bound samples ingestion failed attempts with out of order support disabled.',
    'type',
    { float: (s) => s.outOfBoundsSamples, histogram: (s) => s.histogramOutOfBoundsSamples },
  ],
  [
    'prometheus_tsdb_too_old_samples_total',
    'Total number of out of order samples ingestion failed attempts with out of support enabled, but sample outside of time window.',
    'type',
    { float: (s) => s.tooOldSamples },
  ],
]
