import type { HeadStats } from '../head/head.js'
import type { RecentObservations } from '../stats/recent-observations.js'
import type { MaintenanceStats } from './maintenance-stats.js'

/** Options of {@link openDB}. */
export interface DBOptions {
  /** Width of a level-1 block and of the head's chunk ranges; Prometheus's default 2 h. */
  blockRangeMs?: number
  /** Blocks whose end is this far behind the newest block's end are deleted; default 15 d. 0 keeps everything. */
  retentionMs?: number
  /** Oldest blocks are deleted while blocks and WAL together exceed this; default 0 (no limit). */
  retentionBytes?: number
  /** WAL segment size; default 128 MiB. */
  walSegmentSizeBytes?: number
  /**
   * WAL fsync period in ms (see docs/format/wal.md): commit() writes the batch's records with
   * write(2) before the samples become visible, so an acknowledged batch survives a process
   * crash; fsync runs every this many ms (default 1000), on segment cuts and on close, bounding
   * what an OS crash or power loss can take. 0 fsyncs on every commit.
   */
  walFsyncIntervalMs?: number
  /**
   * Accept a float sample older than its series' newest if it is at most this far behind the head's
   * newest sample (prometheus.yml `storage.tsdb.out_of_order_time_window`). Default 0: rejected and
   * counted, as in Prometheus by default. The window never reaches back past data already
   * compacted into a block (such samples are out of bounds), and histograms are always in order.
   */
  outOfOrderTimeWindowMs?: number
  /**
   * Capacity of the exemplar ring (prometheus.yml `storage.exemplars.max_exemplars` with
   * --enable-feature=exemplar-storage); default 0: exemplars are neither stored nor logged.
   */
  maxExemplars?: number
  /** Compact the head and blocks automatically after commits that make it due; default true. */
  autoCompact?: boolean
  /** Receives warnings (refused blocks, repaired WAL corruption); default console.warn. */
  logger?: (message: string) => void
}

/** {@link DBOptions} with every default filled in. */
export type ResolvedDBOptions = Required<DBOptions>

const HOUR_MS = 3_600_000

/** Fills in the defaults. */
export function resolveOptions(o: DBOptions): ResolvedDBOptions {
  return {
    blockRangeMs: o.blockRangeMs ?? 2 * HOUR_MS,
    retentionMs: o.retentionMs ?? 15 * 24 * HOUR_MS,
    retentionBytes: o.retentionBytes ?? 0,
    walSegmentSizeBytes: o.walSegmentSizeBytes ?? 128 * 1024 * 1024,
    walFsyncIntervalMs: o.walFsyncIntervalMs ?? 1000,
    outOfOrderTimeWindowMs: o.outOfOrderTimeWindowMs ?? 0,
    maxExemplars: o.maxExemplars ?? 0,
    autoCompact: o.autoCompact ?? true,
    logger: o.logger ?? ((m: string) => console.warn(m)),
  }
}

/**
 * Counters of a DB, named after the Prometheus metrics they correspond to. Histograms and summaries
 * are given as live tallies: call their snapshot() when exposing them.
 */
export interface DBStats extends HeadStatsPart, MaintenanceStatsPart {
  /** prometheus_tsdb_head_series */
  headSeries: number
  /** prometheus_tsdb_head_chunks */
  headChunks: number
  /** prometheus_tsdb_head_max_time: the newest sample timestamp in the head (ms). */
  headMaxTime: number
  /** prometheus_tsdb_head_min_time: the oldest sample timestamp in the head (ms; +Inf when empty). */
  headMinTime: number
  /** prometheus_tsdb_lowest_timestamp: the oldest time in a block or the head (ms; +Inf when empty). */
  lowestTimestamp: number
  /** prometheus_tsdb_blocks_loaded */
  blocksLoaded: number
  /** prometheus_tsdb_wal_writes_failed_total: commits rejected because the WAL write failed (full disk, EIO). */
  walWritesFailed: number
  /** prometheus_tsdb_wal_segment_current */
  walSegmentCurrent: number
  /** prometheus_tsdb_wal_page_flushes_total */
  walPageFlushes: number
  /** prometheus_tsdb_wal_completed_pages_total */
  walCompletedPages: number
  /** prometheus_tsdb_wal_fsync_duration_seconds */
  walFsyncSeconds: RecentObservations
  /** prometheus_tsdb_mmap_chunk_corruptions_total: head chunk file damage repaired at open or met on read. */
  mmapChunkCorruptions: number
  /** prometheus_tsdb_data_replay_duration_seconds: loading head chunk files and replaying the WAL at open. */
  dataReplayDurationSeconds: number
  /** prometheus_tsdb_storage_blocks_bytes: bytes of all loaded blocks. */
  blocksBytes: number
  /** prometheus_tsdb_symbol_table_size_bytes: symbol tables of the loaded blocks' indexes, in memory. */
  symbolTableSizeBytes: number
  /** prometheus_tsdb_retention_limit_bytes: the size retention, 0 when disabled. */
  retentionLimitBytes: number
}

/** The head's counters, under their DBStats names (see HeadStats). */
type HeadStatsPart = Omit<HeadStats, 'series' | 'chunks'>

/**
 * Maintenance counters and tallies (see MaintenanceStats). compactionDurationsSeconds holds every
 * compaction's duration since the DB opened, oldest first (a few per block range, so the list stays
 * short); a collector observes the entries it has not seen yet.
 */
type MaintenanceStatsPart = Readonly<MaintenanceStats>
