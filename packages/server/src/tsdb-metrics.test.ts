import { Registry } from '@watchfire/client'
import type { DBStats } from '@watchfire/tsdb'
import { describe, expect, it } from 'vitest'
import { registerTsdbMetrics } from './tsdb-metrics.js'

function stats(over: Partial<DBStats> = {}): DBStats {
  return {
    headSeries: 0,
    headChunks: 0,
    samplesAppended: 0,
    headMaxTime: -Infinity,
    headMinTime: Infinity,
    outOfOrderSamples: 0,
    duplicateSamples: 0,
    outOfBoundsSamples: 0,
    outOfOrderSamplesAppended: 0,
    seriesCreated: 0,
    seriesRemoved: 0,
    blocksLoaded: 0,
    compactions: 0,
    compactionsFailed: 0,
    walCorruptions: 0,
    checkpoints: 0,
    checkpointsFailed: 0,
    walTruncations: 0,
    walTruncationsFailed: 0,
    walWritesFailed: 0,
    timeRetentions: 0,
    sizeRetentions: 0,
    blocksBytes: 0,
    retentionLimitBytes: 0,
    compactionDurationsSeconds: [],
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
    ['prometheus_tsdb_blocks_loaded', 'gauge', { blocksLoaded: 3 }, 3],
    ['prometheus_tsdb_storage_blocks_bytes', 'gauge', { blocksBytes: 4096 }, 4096],
    ['prometheus_tsdb_retention_limit_bytes', 'gauge', { retentionLimitBytes: 1e9 }, 1e9],
    ['prometheus_tsdb_head_samples_appended_total', 'counter', { samplesAppended: 11 }, 11],
    [
      'prometheus_tsdb_out_of_order_samples_total',
      'counter',
      { outOfOrderSamples: 2, duplicateSamples: 1 },
      3,
    ],
    ['prometheus_tsdb_out_of_bound_samples_total', 'counter', { outOfBoundsSamples: 4 }, 4],
    [
      'prometheus_tsdb_head_out_of_order_samples_appended_total',
      'counter',
      { outOfOrderSamplesAppended: 3 },
      3,
    ],
    ['prometheus_tsdb_head_series_created_total', 'counter', { seriesCreated: 5 }, 5],
    ['prometheus_tsdb_head_series_removed_total', 'counter', { seriesRemoved: 6 }, 6],
    ['prometheus_tsdb_compactions_total', 'counter', { compactions: 2 }, 2],
    ['prometheus_tsdb_compactions_failed_total', 'counter', { compactionsFailed: 1 }, 1],
    ['prometheus_tsdb_wal_corruptions_total', 'counter', { walCorruptions: 1 }, 1],
    ['prometheus_tsdb_wal_truncations_total', 'counter', { walTruncations: 2 }, 2],
    ['prometheus_tsdb_wal_truncations_failed_total', 'counter', { walTruncationsFailed: 1 }, 1],
    ['prometheus_tsdb_wal_writes_failed_total', 'counter', { walWritesFailed: 8 }, 8],
    ['prometheus_tsdb_checkpoint_creations_total', 'counter', { checkpoints: 2 }, 2],
    ['prometheus_tsdb_checkpoint_creations_failed_total', 'counter', { checkpointsFailed: 1 }, 1],
    ['prometheus_tsdb_time_retentions_total', 'counter', { timeRetentions: 1 }, 1],
    ['prometheus_tsdb_size_retentions_total', 'counter', { sizeRetentions: 2 }, 2],
  ] as const)('exposes %s as a %s read from the store', async (name, type, over, want) => {
    const registry = new Registry()
    registerTsdbMetrics(registry, () => stats(over))
    const text = await registry.metrics()
    expect(text).toContain(`# TYPE ${name} ${type}\n`)
    expect(valueOf(text, name)).toBe(want)
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
    expect(valueOf(text, 'prometheus_tsdb_head_samples_appended_total')).toBe(250)
    expect(valueOf(text, 'prometheus_tsdb_compaction_duration_seconds_count')).toBe(3)
    expect(valueOf(text, 'prometheus_tsdb_compaction_duration_seconds_sum')).toBe(23.5)
    expect(text).toContain('prometheus_tsdb_compaction_duration_seconds_bucket{le="1"} 1\n')
    expect(text).toContain('prometheus_tsdb_compaction_duration_seconds_bucket{le="4"} 2\n')
  })
})
