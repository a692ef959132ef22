import { Registry } from '@watchfire/client'
import { MaintenanceStats, RecentObservations, type DBStats } from '@watchfire/tsdb'
import { describe, expect, it } from 'vitest'
import { registerTsdbMetrics } from './tsdb-metrics.js'

function stats(over: Partial<DBStats> = {}): DBStats {
  return {
    ...new MaintenanceStats(),
    headSeries: 0,
    headChunks: 0,
    samplesAppended: 0,
    histogramSamplesAppended: 0,
    headMaxTime: -Infinity,
    headMinTime: Infinity,
    lowestTimestamp: Infinity,
    outOfOrderSamples: 0,
    histogramOutOfOrderSamples: 0,
    duplicateSamples: 0,
    histogramDuplicateSamples: 0,
    outOfBoundsSamples: 0,
    histogramOutOfBoundsSamples: 0,
    tooOldSamples: 0,
    outOfOrderSamplesAppended: 0,
    seriesCreated: 0,
    seriesRemoved: 0,
    seriesNotFound: 0,
    chunksCreated: 0,
    chunksRemoved: 0,
    activeAppenders: 0,
    blocksLoaded: 0,
    walWritesFailed: 0,
    walSegmentCurrent: 0,
    walPageFlushes: 0,
    walCompletedPages: 0,
    walFsyncSeconds: new RecentObservations(),
    mmapChunkCorruptions: 0,
    dataReplayDurationSeconds: 0,
    blocksBytes: 0,
    symbolTableSizeBytes: 0,
    retentionLimitBytes: 0,
    ...over,
  }
}

/** The value of an unlabelled sample line `name value` in the exposition text. */
function valueOf(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

describe('registerTsdbMetrics', () => {
  it.each([
    ['prometheus_tsdb_head_series', 'gauge', { headSeries: 7 }, 7],
    ['prometheus_tsdb_head_chunks', 'gauge', { headChunks: 9 }, 9],
    ['prometheus_tsdb_head_min_time', 'gauge', { headMinTime: 1500 }, 1500],
    ['prometheus_tsdb_head_max_time', 'gauge', { headMaxTime: 2500 }, 2500],
    ['prometheus_tsdb_head_min_time_seconds', 'gauge', { headMinTime: 1500 }, 1.5],
    ['prometheus_tsdb_head_max_time_seconds', 'gauge', { headMaxTime: 2500 }, 2.5],
    ['prometheus_tsdb_lowest_timestamp', 'gauge', { lowestTimestamp: 1000 }, 1000],
    ['prometheus_tsdb_lowest_timestamp_seconds', 'gauge', { lowestTimestamp: 1000 }, 1],
    ['prometheus_tsdb_head_active_appenders', 'gauge', { activeAppenders: 2 }, 2],
    ['prometheus_tsdb_blocks_loaded', 'gauge', { blocksLoaded: 3 }, 3],
    ['prometheus_tsdb_compaction_populating_block', 'gauge', { populatingBlock: 1 }, 1],
    ['prometheus_tsdb_data_replay_duration_seconds', 'gauge', { dataReplayDurationSeconds: 0.25 }, 0.25],
    ['prometheus_tsdb_symbol_table_size_bytes', 'gauge', { symbolTableSizeBytes: 321 }, 321],
    ['prometheus_tsdb_wal_segment_current', 'gauge', { walSegmentCurrent: 4 }, 4],
    ['prometheus_tsdb_storage_blocks_bytes', 'gauge', { blocksBytes: 4096 }, 4096],
    ['prometheus_tsdb_retention_limit_bytes', 'gauge', { retentionLimitBytes: 1e9 }, 1e9],
    [
      'prometheus_tsdb_head_samples_appended_total{type="float"}',
      'counter',
      { samplesAppended: 11, histogramSamplesAppended: 4 },
      7,
    ],
    [
      'prometheus_tsdb_head_samples_appended_total{type="histogram"}',
      'counter',
      { samplesAppended: 11, histogramSamplesAppended: 4 },
      4,
    ],
    [
      'prometheus_tsdb_out_of_order_samples_total{type="float"}',
      'counter',
      { outOfOrderSamples: 2, duplicateSamples: 1 },
      3,
    ],
    [
      'prometheus_tsdb_out_of_order_samples_total{type="histogram"}',
      'counter',
      { histogramOutOfOrderSamples: 2, histogramDuplicateSamples: 2 },
      4,
    ],
    ['prometheus_tsdb_out_of_bound_samples_total{type="float"}', 'counter', { outOfBoundsSamples: 4 }, 4],
    [
      'prometheus_tsdb_out_of_bound_samples_total{type="histogram"}',
      'counter',
      { histogramOutOfBoundsSamples: 5 },
      5,
    ],
    ['prometheus_tsdb_too_old_samples_total{type="float"}', 'counter', { tooOldSamples: 6 }, 6],
    [
      'prometheus_tsdb_head_out_of_order_samples_appended_total',
      'counter',
      { outOfOrderSamplesAppended: 3 },
      3,
    ],
    ['prometheus_tsdb_head_series_created_total', 'counter', { seriesCreated: 5 }, 5],
    ['prometheus_tsdb_head_series_removed_total', 'counter', { seriesRemoved: 6 }, 6],
    ['prometheus_tsdb_head_series_not_found_total', 'counter', { seriesNotFound: 1 }, 1],
    ['prometheus_tsdb_head_chunks_created_total', 'counter', { chunksCreated: 12 }, 12],
    ['prometheus_tsdb_head_chunks_removed_total', 'counter', { chunksRemoved: 8 }, 8],
    ['prometheus_tsdb_head_truncations_total', 'counter', { headTruncations: 2 }, 2],
    ['prometheus_tsdb_head_truncations_failed_total', 'counter', { headTruncationsFailed: 1 }, 1],
    ['prometheus_tsdb_compactions_total', 'counter', { compactions: 2 }, 2],
    ['prometheus_tsdb_compactions_failed_total', 'counter', { compactionsFailed: 1 }, 1],
    ['prometheus_tsdb_compactions_triggered_total', 'counter', { compactionsTriggered: 3 }, 3],
    ['prometheus_tsdb_compactions_skipped_total', 'counter', { compactionsSkipped: 2 }, 2],
    ['prometheus_tsdb_vertical_compactions_total', 'counter', { verticalCompactions: 1 }, 1],
    ['prometheus_tsdb_mmap_chunk_corruptions_total', 'counter', { mmapChunkCorruptions: 1 }, 1],
    ['prometheus_tsdb_reloads_total', 'counter', { reloads: 4 }, 4],
    ['prometheus_tsdb_reloads_failures_total', 'counter', { reloadsFailed: 1 }, 1],
    ['prometheus_tsdb_wal_corruptions_total', 'counter', { walCorruptions: 1 }, 1],
    ['prometheus_tsdb_wal_truncations_total', 'counter', { walTruncations: 2 }, 2],
    ['prometheus_tsdb_wal_truncations_failed_total', 'counter', { walTruncationsFailed: 1 }, 1],
    ['prometheus_tsdb_wal_writes_failed_total', 'counter', { walWritesFailed: 8 }, 8],
    ['prometheus_tsdb_wal_page_flushes_total', 'counter', { walPageFlushes: 9 }, 9],
    ['prometheus_tsdb_wal_completed_pages_total', 'counter', { walCompletedPages: 3 }, 3],
    ['prometheus_tsdb_checkpoint_creations_total', 'counter', { checkpoints: 2 }, 2],
    ['prometheus_tsdb_checkpoint_creations_failed_total', 'counter', { checkpointsFailed: 1 }, 1],
    ['prometheus_tsdb_checkpoint_deletions_total', 'counter', { checkpointDeletions: 2 }, 2],
    ['prometheus_tsdb_checkpoint_deletions_failed_total', 'counter', { checkpointDeletionsFailed: 1 }, 1],
    ['prometheus_tsdb_time_retentions_total', 'counter', { timeRetentions: 1 }, 1],
    ['prometheus_tsdb_size_retentions_total', 'counter', { sizeRetentions: 2 }, 2],
  ] as const)('exposes %s as a %s read from the store', async (series, type, over, want) => {
    const registry = new Registry()
    registerTsdbMetrics(registry, () => stats(over))
    const text = await registry.metrics()
    expect(text).toContain(`# TYPE ${series.replace(/\{.*/, '')} ${type}\n`)
    expect(valueOf(text, series)).toBe(want)
  })

  it('exposes the histograms and summaries the store tallies', async () => {
    const over = { ...new MaintenanceStats(), walFsyncSeconds: new RecentObservations() }
    over.chunkSizeBytes.observe(40)
    over.chunkSizeBytes.observe(5000)
    over.headGcSeconds.observe(0.5)
    over.walFsyncSeconds.observe(0.002)
    over.walFsyncSeconds.observe(0.004)
    const registry = new Registry()
    registerTsdbMetrics(registry, () => stats(over))
    const text = await registry.metrics()
    expect(text).toContain('# TYPE prometheus_tsdb_compaction_chunk_size_bytes histogram\n')
    expect(text).toContain('prometheus_tsdb_compaction_chunk_size_bytes_bucket{le="32"} 0\n')
    expect(text).toContain('prometheus_tsdb_compaction_chunk_size_bytes_bucket{le="48"} 1\n')
    expect(text).toContain('prometheus_tsdb_compaction_chunk_size_bytes_bucket{le="+Inf"} 2\n')
    expect(valueOf(text, 'prometheus_tsdb_compaction_chunk_size_bytes_sum')).toBe(5040)
    expect(text).toContain('# TYPE prometheus_tsdb_head_gc_duration_seconds summary\n')
    expect(valueOf(text, 'prometheus_tsdb_head_gc_duration_seconds_count')).toBe(1)
    expect(text).not.toContain('prometheus_tsdb_head_gc_duration_seconds{quantile')
    expect(valueOf(text, 'prometheus_tsdb_wal_fsync_duration_seconds_count')).toBe(2)
    expect(valueOf(text, 'prometheus_tsdb_wal_fsync_duration_seconds{quantile="0.5"}')).toBe(0.002)
    expect(valueOf(text, 'prometheus_tsdb_wal_fsync_duration_seconds{quantile="0.99"}')).toBe(0.004)
    expect(text).toContain('# TYPE prometheus_tsdb_tombstone_cleanup_seconds histogram\n')
  })

  it('advances counters by what happened between scrapes and observes each compaction once', async () => {
    const registry = new Registry()
    let current = stats()
    registerTsdbMetrics(registry, () => current)
    await registry.metrics()
    current = stats({ samplesAppended: 100, compactionDurationsSeconds: [0.5, 3] })
    await registry.metrics()
    current = stats({ samplesAppended: 250, compactionDurationsSeconds: [0.5, 3, 20] })
    const text = await registry.metrics()
    expect(valueOf(text, 'prometheus_tsdb_head_samples_appended_total{type="float"}')).toBe(250)
    expect(valueOf(text, 'prometheus_tsdb_compaction_duration_seconds_count')).toBe(3)
    expect(valueOf(text, 'prometheus_tsdb_compaction_duration_seconds_sum')).toBe(23.5)
    expect(text).toContain('prometheus_tsdb_compaction_duration_seconds_bucket{le="1"} 1\n')
    expect(text).toContain('prometheus_tsdb_compaction_duration_seconds_bucket{le="4"} 2\n')
  })
})
