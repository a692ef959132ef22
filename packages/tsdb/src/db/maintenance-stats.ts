import { Distribution, exponentialBounds } from '../stats/distribution.js'

/**
 * What maintenance (compaction, truncation, retention) has done since the DB opened, named after
 * the Prometheus metrics they become; plain fields bumped on each (rare) event.
 */
export class MaintenanceStats {
  /** prometheus_tsdb_compactions_total (head and level compactions) */
  compactions = 0
  /** prometheus_tsdb_compactions_failed_total */
  compactionsFailed = 0
  /** prometheus_tsdb_compactions_triggered_total: automatic passes a commit asked for, run or skipped. */
  compactionsTriggered = 0
  /** prometheus_tsdb_compactions_skipped_total: passes due but not run, auto compaction being off. */
  compactionsSkipped = 0
  /** prometheus_tsdb_vertical_compactions_total: merges of blocks whose time ranges overlap. */
  verticalCompactions = 0
  /** prometheus_tsdb_compaction_populating_block: 1 while a block is being written. */
  populatingBlock = 0
  /** prometheus_tsdb_wal_corruptions_total */
  walCorruptions = 0
  /** prometheus_tsdb_checkpoint_creations_total */
  checkpoints = 0
  /** prometheus_tsdb_checkpoint_creations_failed_total */
  checkpointsFailed = 0
  /** prometheus_tsdb_checkpoint_deletions_total */
  checkpointDeletions = 0
  /** prometheus_tsdb_checkpoint_deletions_failed_total */
  checkpointDeletionsFailed = 0
  /** prometheus_tsdb_wal_truncations_total: WAL truncations (segments replaced by a checkpoint) attempted. */
  walTruncations = 0
  /** prometheus_tsdb_wal_truncations_failed_total */
  walTruncationsFailed = 0
  /** prometheus_tsdb_head_truncations_total */
  headTruncations = 0
  /** prometheus_tsdb_head_truncations_failed_total */
  headTruncationsFailed = 0
  /** prometheus_tsdb_time_retentions_total */
  timeRetentions = 0
  /** prometheus_tsdb_size_retentions_total */
  sizeRetentions = 0
  /** prometheus_tsdb_reloads_total: updates of the set of loaded blocks from disk (the first at open). */
  reloads = 1
  /** prometheus_tsdb_reloads_failures_total: a new block that did not open. */
  reloadsFailed = 0
  /** prometheus_tsdb_compaction_duration_seconds, one entry per compaction (a few per block range). */
  readonly compactionDurationsSeconds: number[] = []
  /** prometheus_tsdb_compaction_chunk_size_bytes: chunks written by head compactions (Prometheus's buckets). */
  readonly chunkSizeBytes = new Distribution(exponentialBounds(32, 1.5, 12))
  /** prometheus_tsdb_compaction_chunk_samples */
  readonly chunkSamples = new Distribution(exponentialBounds(4, 1.5, 12))
  /** prometheus_tsdb_compaction_chunk_range_seconds: observed in ms, as Prometheus 2.42 does despite the name. */
  readonly chunkRange = new Distribution(exponentialBounds(100, 4, 10))
  /** prometheus_tsdb_head_gc_duration_seconds (count and sum only, like Prometheus's summary) */
  readonly headGcSeconds = new Distribution()
  /** prometheus_tsdb_wal_truncate_duration_seconds (count and sum only) */
  readonly walTruncateSeconds = new Distribution()
  /** prometheus_tsdb_tombstone_cleanup_seconds */
  readonly tombstoneCleanupSeconds = new Distribution([
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
  ])
}
