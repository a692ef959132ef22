import { Histogram, exponentialBuckets, type Registry } from '@watchfire/client'
import type { DBStats } from '@watchfire/tsdb'
import { registerLabelledStatCounters, registerStatMetrics, type StatMetric } from './stat-metrics.js'
import { TSDB_COUNTERS, TSDB_TYPED_COUNTERS } from './tsdb-counter-metrics.js'
import { tsdbTallyCollector } from './tsdb-tally-metrics.js'

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
  [
    'prometheus_tsdb_lowest_timestamp',
    'Lowest timestamp value stored in the database. The unit is decided by the library consumer.',
    (s) => s.lowestTimestamp,
  ],
  [
    'prometheus_tsdb_lowest_timestamp_seconds',
    'Lowest timestamp value stored in the database.',
    (s) => s.lowestTimestamp / 1000,
  ],
  [
    'prometheus_tsdb_head_active_appenders',
    'Number of currently active appender transactions',
    (s) => s.activeAppenders,
  ],
  ['prometheus_tsdb_blocks_loaded', 'Number of currently loaded data blocks', (s) => s.blocksLoaded],
  [
    'prometheus_tsdb_compaction_populating_block',
    'Set to 1 when a block is currently being written to the disk.',
    (s) => s.populatingBlock,
  ],
  [
    'prometheus_tsdb_data_replay_duration_seconds',
    'Time taken to replay the data on disk.',
    (s) => s.dataReplayDurationSeconds,
  ],
  [
    'prometheus_tsdb_symbol_table_size_bytes',
    'Size of symbol table in memory for loaded blocks',
    (s) => s.symbolTableSizeBytes,
  ],
  [
    'prometheus_tsdb_wal_segment_current',
    'Write log segment index that TSDB is currently writing to.',
    (s) => s.walSegmentCurrent,
  ],
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

/**
 * Registers the TSDB's self-metrics with Prometheus's names and help texts on `registry`; each
 * reads `dbStats()` when scraped, so nothing runs between scrapes.
 */
export function registerTsdbMetrics(registry: Registry, dbStats: () => DBStats): void {
  registerStatMetrics(registry, dbStats, GAUGES, TSDB_COUNTERS)
  registerLabelledStatCounters(registry, dbStats, TSDB_TYPED_COUNTERS)
  registry.registerCollector(tsdbTallyCollector(dbStats))
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
