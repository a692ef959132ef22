import { Histogram, exponentialBuckets, type Registry } from '@watchfire/client'
import type { DBStats } from '@watchfire/tsdb'
import { registerStatMetrics, type StatMetric } from './stat-metrics.js'

/** Gauges, in Prometheus's names and help texts, read from the store at each scrape. */
const GAUGES: readonly StatMetric<DBStats>[] = [
  ['prometheus_tsdb_head_series', 'Total number of series in the head block.', (s) => s.headSeries],
  ['prometheus_tsdb_head_chunks', 'Total number of chunks in the head block.', (s) => s.headChunks],
  [
    'prometheus_tsdb_head_min_time',
    'Minimum time bound of the head block. The unit is decided by the library consumer.',
    (s) => s.headMinTime,
  ],
  [
    'prometheus_tsdb_head_max_time',
    'Maximum timestamp of the head block. The unit is decided by the library consumer.',
    (s) => s.headMaxTime,
  ],
  [
    'prometheus_tsdb_head_min_time_seconds',
    'Minimum time bound of the head block.',
    (s) => s.headMinTime / 1000,
  ],
  [
    'prometheus_tsdb_head_max_time_seconds',
    'Maximum timestamp of the head block.',
    (s) => s.headMaxTime / 1000,
  ],
  ['prometheus_tsdb_blocks_loaded', 'Number of currently loaded data blocks', (s) => s.blocksLoaded],
  [
    'prometheus_tsdb_storage_blocks_bytes',
    'The number of bytes that are currently used for local storage by all blocks.',
    (s) => s.blocksBytes,
  ],
  [
    'prometheus_tsdb_retention_limit_bytes',
    'Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled',
    (s) => s.retentionLimitBytes,
  ],
]

/** Counters: the store keeps running totals, each scrape advances the counter by the difference. */
const COUNTERS: readonly StatMetric<DBStats>[] = [
  [
    'prometheus_tsdb_head_samples_appended_total',
    'Total number of appended samples.',
    (s) => s.samplesAppended,
  ],
  [
    'prometheus_tsdb_out_of_order_samples_total',
    'Total number of out of order samples ingestion failed attempts due to OOO being disabled.',
    (s) => s.outOfOrderSamples + s.duplicateSamples,
  ],
  [
    'prometheus_tsdb_head_out_of_order_samples_appended_total',
    'Total number of appended out of order samples.',
    (s) => s.outOfOrderSamplesAppended,
  ],
  [
    'prometheus_tsdb_out_of_bound_samples_total',
    'Total number of out of bound samples ingestion failed attempts with out of order support disabled.',
    (s) => s.outOfBoundsSamples,
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
    'prometheus_tsdb_compactions_total',
    'Total number of compactions that were executed for the partition.',
    (s) => s.compactions,
  ],
  [
    'prometheus_tsdb_compactions_failed_total',
    'Total number of compactions that failed for the partition.',
    (s) => s.compactionsFailed,
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
 * Registers the TSDB's self-metrics with Prometheus's names and help texts on `registry`; each
 * reads `dbStats()` when scraped, so nothing runs between scrapes.
 */
export function registerTsdbMetrics(registry: Registry, dbStats: () => DBStats): void {
  registerStatMetrics(registry, dbStats, GAUGES, COUNTERS)
  let observed = 0
  new Histogram({
    name: 'prometheus_tsdb_compaction_duration_seconds',
    help: 'Duration of compaction runs',
    buckets: exponentialBuckets(1, 2, 14),
    registers: [registry],
    collect() {
      const all = dbStats().compactionDurationsSeconds
      for (; observed < all.length; observed++) this.observe(all[observed] as number)
    },
  })
}
