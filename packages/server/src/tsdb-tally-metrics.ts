import type { Collector, MetricFamily } from '@watchfire/client'
import type { DBStats, DistributionSnapshot, SummarySnapshot } from '@watchfire/tsdb'

/** Prometheus's quantiles for prometheus_tsdb_wal_fsync_duration_seconds. */
const FSYNC_QUANTILES = [0.5, 0.9, 0.99]

type Tally =
  | readonly [name: string, help: string, type: 'histogram', read: (s: DBStats) => DistributionSnapshot]
  | readonly [name: string, help: string, type: 'summary', read: (s: DBStats) => SummarySnapshot]

/** Histograms and summaries the store tallies itself; exposed from its figures at each scrape. */
const TALLIES: readonly Tally[] = [
  [
    'prometheus_tsdb_compaction_chunk_range_seconds',
    'Final time range of chunks on their first compaction',
    'histogram',
    (s) => s.chunkRange.snapshot(),
  ],
  [
    'prometheus_tsdb_compaction_chunk_samples',
    'Final number of samples on their first compaction',
    'histogram',
    (s) => s.chunkSamples.snapshot(),
  ],
  [
    'prometheus_tsdb_compaction_chunk_size_bytes',
    'Final size of chunks on their first compaction',
    'histogram',
    (s) => s.chunkSizeBytes.snapshot(),
  ],
  [
    'prometheus_tsdb_tombstone_cleanup_seconds',
    'The time taken to recompact blocks to remove tombstones.',
    'histogram',
    (s) => s.tombstoneCleanupSeconds.snapshot(),
  ],
  [
    'prometheus_tsdb_head_gc_duration_seconds',
    'Runtime of garbage collection in the head block.',
    'summary',
    (s) => withoutQuantiles(s.headGcSeconds.snapshot()),
  ],
  [
    'prometheus_tsdb_wal_truncate_duration_seconds',
    'Duration of WAL truncation.',
    'summary',
    (s) => withoutQuantiles(s.walTruncateSeconds.snapshot()),
  ],
  [
    'prometheus_tsdb_wal_fsync_duration_seconds',
    'Duration of write log fsync.',
    'summary',
    (s) => s.walFsyncSeconds.snapshot(FSYNC_QUANTILES),
  ],
]

function withoutQuantiles(d: DistributionSnapshot): SummarySnapshot {
  return { count: d.count, sum: d.sum, quantiles: [] }
}

function family(tally: Tally, stats: DBStats): MetricFamily {
  const base = { name: tally[0], help: tally[1], type: tally[2], unit: '' }
  if (tally[2] === 'summary') {
    const { count, sum, quantiles } = tally[3](stats)
    return { ...base, metrics: [{ labels: {}, summary: { count, sum, quantiles: [...quantiles] } }] }
  }
  const d = tally[3](stats)
  const buckets = d.upperBounds.map((upperBound, i) => ({
    upperBound,
    cumulativeCount: d.cumulativeCounts[i] as number,
  }))
  return { ...base, metrics: [{ labels: {}, histogram: { count: d.count, sum: d.sum, buckets } }] }
}

/** A collector exposing the store's histograms and summaries, read from `dbStats()` at each scrape. */
export function tsdbTallyCollector(dbStats: () => DBStats): Collector {
  return {
    collect() {
      const stats = dbStats()
      return TALLIES.map((t) => family(t, stats))
    },
  }
}
