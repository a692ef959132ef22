import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Matcher } from '@watchfire/model'
import { ExemplarStorage } from '../exemplars/exemplar-storage.js'
import type { ExemplarQueryResult, ExemplarStats } from '../exemplars/exemplar-storage.js'
import {
  MergeQuerier,
  type Appendable,
  type Appender,
  type Querier,
  type Queryable,
} from '@watchfire/storage'
import type { BlockMeta } from '../block/meta.js'
import type { HeadChunkFiles } from '../chunks/head-chunk-files.js'
import { Head } from '../head/head.js'
import { HeadAppender } from '../head/head-appender.js'
import { HeadQuerier } from '../head/head-querier.js'
import { WalWriter } from '../wal/wal-writer.js'
import { BlockQuerier } from './block-querier.js'
import { loadBlocks, type LoadedBlock, type RefusedBlock } from './block-set.js'
import { resolveOptions, type DBOptions, type DBStats, type ResolvedDBOptions } from './db-options.js'
import { Maintenance } from './maintenance.js'
import { loadHeadChunks } from './head-chunk-load.js'
import { replayIntoHead } from './wal-replay.js'
import { writeSnapshot } from './snapshot.js'

/**
 * A Prometheus-compatible TSDB in a directory: a head backed by a write-ahead log (`wal/`) whose
 * full chunks live in head chunk files (`chunks_head/`), and immutable 2 h+ blocks (`<ULID>/`) the
 * head is compacted into. Implements the
 * storage seam: appenders commit atomically (WAL first, then visible), queriers merge the head
 * and the blocks overlapping their range. Use one DB per directory and process.
 */
export class DB implements Appendable, Queryable {
  /** The data directory. */
  readonly dir: string
  /** Block directories that failed verification at open and were left out. */
  readonly refusedBlocks: readonly RefusedBlock[]
  private readonly head: Head
  private readonly wal: WalWriter
  private readonly maint: Maintenance
  /** The head's full chunks on disk (`chunks_head/`). */
  private readonly headChunks: HeadChunkFiles
  private closed = false
  /** Head chunk file damage repaired at open (0 or 1: the scan stops at the first). */
  private mmapRepairs = 0
  /** Seconds spent at open loading head chunk files and replaying the WAL. */
  private replaySeconds = 0
  /** The exemplar ring; capacity 0 (the default) keeps none. */
  private exemplars = new ExemplarStorage(0)

  private constructor(
    dir: string,
    head: Head,
    wal: WalWriter,
    maint: Maintenance,
    refused: RefusedBlock[],
    headChunks: HeadChunkFiles,
  ) {
    this.dir = dir
    this.head = head
    this.wal = wal
    this.maint = maint
    this.refusedBlocks = refused
    this.headChunks = headChunks
  }

  /** @internal Use {@link openDB}. */
  static async open(dir: string, options: DBOptions = {}): Promise<DB> {
    const opts: ResolvedDBOptions = resolveOptions(options)
    await mkdir(dir, { recursive: true })
    const { blocks, refused } = await loadBlocks(dir)
    for (const r of refused) opts.logger(`tsdb: refusing block ${r.dir} (${r.reason})`)
    let minValidTime = Number.MIN_SAFE_INTEGER
    for (const b of blocks) minValidTime = Math.max(minValidTime, b.reader.meta.maxTime)
    const replayStart = performance.now()
    const chunks = loadHeadChunks(join(dir, 'chunks_head'), minValidTime, opts.logger)
    const head = new Head(opts.blockRangeMs, opts.outOfOrderTimeWindowMs, chunks.files)
    head.minValidTime = minValidTime
    const walDir = join(dir, 'wal')
    const exemplars = new ExemplarStorage(opts.maxExemplars)
    const replay = replayIntoHead(head, walDir, exemplars, {
      bySeries: chunks.bySeries,
      skipReplayed: chunks.corruption === undefined,
    })
    head.reserveRefs(chunks.maxSeriesRef)
    const replaySeconds = (performance.now() - replayStart) / 1000
    for (const c of replay.corruptions) {
      opts.logger(
        `tsdb: repaired WAL corruption in segment ${c.segment} at byte ${c.offset} (${c.reason}); later records dropped`,
      )
    }
    const wal = WalWriter.open(walDir, {
      segmentSizeBytes: opts.walSegmentSizeBytes,
      fsyncIntervalMs: opts.walFsyncIntervalMs,
    })
    const maint = new Maintenance(dir, head, wal, blocks, opts)
    maint.counters.walCorruptions += replay.corruptions.length
    const db = new DB(dir, head, wal, maint, refused, chunks.files)
    db.exemplars = exemplars
    db.mmapRepairs = chunks.corruption === undefined ? 0 : 1
    db.replaySeconds = replaySeconds
    // Like Prometheus, compact after opening, in the background: startup is not held up by it.
    if (opts.autoCompact) void maint.run()
    return db
  }

  /** A new appender; commit() writes the batch to the WAL, then makes it visible. */
  appender(): Appender {
    if (this.closed) throw new RangeError('cannot append (database closed)')
    return new HeadAppender(
      this.head,
      (records) => this.wal.log(records),
      () => this.maint.schedule(),
      this.exemplars,
    )
  }

  /** Exemplars in [startMs, endMs] of series matching any matcher set, per series sorted by labels. */
  selectExemplars(
    startMs: number,
    endMs: number,
    matcherSets: readonly (readonly Matcher[])[],
  ): ExemplarQueryResult[] {
    return this.exemplars.select(startMs, endMs, matcherSets)
  }

  /** Changes the exemplar ring's capacity (a config reload); 0 drops every exemplar and stores no more. */
  setMaxExemplars(maxExemplars: number): void {
    this.exemplars.resize(maxExemplars)
  }

  /** The prometheus_tsdb_exemplar_* figures. */
  exemplarStats(): ExemplarStats {
    return this.exemplars.stats()
  }

  /** A querier over the head and every block overlapping [mint, maxt]. */
  async querier(mint: number, maxt: number): Promise<Querier> {
    if (this.closed) throw new RangeError('cannot query (database closed)')
    const queriers: Querier[] = []
    for (const b of this.maint.blocks) {
      const m = b.reader.meta
      if (m.maxTime <= mint || m.minTime > maxt) continue
      b.acquire()
      queriers.push(new BlockQuerier(b.reader, mint, maxt, () => b.release()))
    }
    queriers.push(new HeadQuerier(this.head, mint, maxt))
    return queriers.length === 1 ? (queriers[0] as Querier) : new MergeQuerier(queriers)
  }

  /** Runs due head compaction, level compaction and retention now (and waits for a running one). */
  compact(): Promise<void> {
    return this.maint.run()
  }

  /**
   * Deletes the samples in [mint, maxt] of every series matching the matchers: tombstones in the
   * head (logged to the WAL) and in each overlapping block's tombstones file. Deleted samples
   * disappear from queries at once and from disk on compaction or {@link cleanTombstones}.
   */
  deleteSeries(mint: number, maxt: number, ...matchers: Matcher[]): Promise<void> {
    // Tombstones are zig-zag varints: unbounded ends (±Infinity, Go's min/max int64) become the widest exact ones.
    const bound = 2 ** 52 - 1
    return this.maint.deleteSeries(Math.max(mint, -bound), Math.min(maxt, bound), matchers)
  }

  /** Rewrites blocks that have tombstones without the deleted samples. */
  cleanTombstones(): Promise<void> {
    return this.maint.cleanTombstones()
  }

  /**
   * Writes a consistent copy of the data into `dir` (created): the blocks hard-linked and, with
   * `withHead`, the in-memory head written as a block. Waits for running maintenance so no block
   * vanishes mid-copy.
   */
  async snapshot(dir: string, withHead: boolean): Promise<void> {
    if (this.closed) throw new RangeError('cannot snapshot (database closed)')
    return this.maint.exclusive(() =>
      writeSnapshot(
        dir,
        this.maint.blocks.map((b) => b.reader),
        this.head,
        withHead,
      ),
    )
  }

  /** Changes the out-of-order window (see DBOptions.outOfOrderTimeWindowMs), as a config reload does. */
  setOutOfOrderTimeWindow(windowMs: number): void {
    this.head.outOfOrderWindowMs = Math.max(0, windowMs)
  }

  /** Metas of the loaded blocks, oldest first. */
  blocks(): BlockMeta[] {
    return this.maint.blocks.map((b: LoadedBlock) => b.reader.meta)
  }

  /**
   * The figures a frequent poller needs (remote write, once a second), equal to those of
   * {@link stats} but O(1): stats() walks every head series to count chunks.
   */
  ingestStats(): Pick<DBStats, 'headSeries' | 'samplesAppended' | 'headMaxTime'> {
    return {
      headSeries: this.head.numSeries,
      samplesAppended: this.head.samplesAppended,
      headMaxTime: this.head.maxTime,
    }
  }

  /** Current counters; O(blocks), nothing per series or sample. */
  stats(): DBStats {
    const { series, chunks, ...head } = this.head.stats()
    const { blocksBytes, symbolTableSizeBytes, lowestBlockTime } = this.maint.blockStats()
    return {
      ...head,
      ...this.maint.counters,
      headSeries: series,
      headChunks: chunks,
      headMaxTime: this.head.maxTime,
      headMinTime: this.head.minTime,
      lowestTimestamp: Math.min(lowestBlockTime, this.head.minTime),
      blocksLoaded: this.maint.blocks.length,
      walWritesFailed: this.wal.writesFailed,
      walSegmentCurrent: this.wal.currentSegment,
      walPageFlushes: this.wal.pageFlushes,
      walCompletedPages: this.wal.completedPages,
      walFsyncSeconds: this.wal.fsyncDurations,
      mmapChunkCorruptions: this.mmapRepairs + this.headChunks.readCorruptions,
      dataReplayDurationSeconds: this.replaySeconds,
      blocksBytes,
      symbolTableSizeBytes,
      retentionLimitBytes: this.maint.retentionLimitBytes,
    }
  }

  /** Waits for running maintenance, then closes the WAL (fsynced) and the blocks. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.maint.stop()
    this.wal.close()
    this.headChunks.close()
    await Promise.all(this.maint.blocks.map((b) => b.reader.close()))
  }
}

/** Opens (or creates) the TSDB in `dir`: loads blocks, replays the WAL, starts a fresh WAL segment. */
export function openDB(dir: string, options: DBOptions = {}): Promise<DB> {
  return DB.open(dir, options)
}
