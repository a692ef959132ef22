import { join } from 'node:path'
import type { Matcher } from '@watchfire/model'
import { BlockReader } from '../block/block-reader.js'
import { addTombstone, writeTombstones, type Interval } from '../block/tombstones.js'
import { ByteWriter } from '../encoding/byte-writer.js'
import type { Head } from '../head/head.js'
import { deleteCheckpointsBefore, writeCheckpoint } from '../wal/checkpoint.js'
import { encodeTombstonesRecord } from '../wal/wal-records.js'
import type { WalWriter } from '../wal/wal-writer.js'
import { LoadedBlock, dirSize } from './block-set.js'
import { blockRanges, compactHeadRange, mergeBlocks, overlapping, planCompaction } from './compaction.js'
import type { ResolvedDBOptions } from './db-options.js'
import { MaintenanceStats } from './maintenance-stats.js'

const MAX_BLOCK_DURATION_MS = 31 * 24 * 3_600_000

/**
 * Everything a DB does besides appending and querying: head compaction, level compaction,
 * retention, deletions. Runs are serialized (one at a time); `schedule()` after a commit starts one
 * only when the head has become compactable, so commits stay cheap.
 */
export class Maintenance {
  /** Loaded blocks, oldest first. */
  blocks: LoadedBlock[]
  readonly counters = new MaintenanceStats()
  private readonly dir: string
  private readonly head: Head
  private readonly wal: WalWriter
  private readonly opts: ResolvedDBOptions
  private readonly ranges: number[]
  private running: Promise<void> | undefined
  private stopped = false

  constructor(dir: string, head: Head, wal: WalWriter, blocks: LoadedBlock[], opts: ResolvedDBOptions) {
    this.dir = dir
    this.head = head
    this.wal = wal
    this.blocks = blocks
    this.opts = opts
    const maxMs =
      opts.retentionMs > 0 ? Math.min(MAX_BLOCK_DURATION_MS, opts.retentionMs / 10) : MAX_BLOCK_DURATION_MS
    this.ranges = blockRanges(opts.blockRangeMs, Math.max(opts.blockRangeMs, maxMs))
  }

  /** Prometheus's trigger: the head spans more than 1.5 block ranges. */
  private headCompactable(): boolean {
    return this.head.maxTime - this.head.minTime > (this.opts.blockRangeMs / 2) * 3
  }

  /** Starts a run in the background if the head is due for compaction. */
  schedule(): void {
    if (this.stopped || this.running !== undefined || !this.headCompactable()) return
    this.counters.compactionsTriggered++
    if (this.opts.autoCompact) void this.run()
    else this.counters.compactionsSkipped++
  }

  /** Runs (or joins) a maintenance pass; failures are logged and counted, never thrown. */
  run(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** Waits for a running pass and prevents new background ones. */
  async stop(): Promise<void> {
    this.stopped = true
    await this.running
  }

  private async pass(): Promise<void> {
    try {
      while (this.headCompactable() && !this.stopped) await this.timed(() => this.compactHead())
      for (;;) {
        const sealed = this.blocks.reduce((m, b) => Math.max(m, b.reader.meta.maxTime), -Infinity)
        const plan = planCompaction(
          this.blocks.map((b) => b.reader.meta),
          this.ranges,
          Math.min(sealed, this.head.minValidTime),
        )
        if (plan === undefined || this.stopped) break
        const ids = new Set(plan.map((m) => m.ulid))
        const parents = this.blocks.filter((b) => ids.has(b.reader.meta.ulid))
        const meta = await this.timed(() =>
          this.populating(() =>
            mergeBlocks(
              this.dir,
              parents.map((b) => b.reader),
            ),
          ),
        )
        await this.replace(parents, [await this.load(meta.ulid)])
        this.counters.compactions++
        if (overlapping(plan)) this.counters.verticalCompactions++
      }
      await this.applyRetention()
    } catch (err) {
      this.counters.compactionsFailed++
      this.opts.logger(`tsdb: compaction failed (${err instanceof Error ? err.message : String(err)})`)
    }
  }

  /** Persists the head's oldest block range, truncates the head and checkpoints the WAL. */
  private async compactHead(): Promise<void> {
    const range = this.opts.blockRangeMs
    const mint = Math.floor(this.head.minTime / range) * range
    const maxt = mint + range
    // Appends below maxt are out of bounds from now on, so nothing slips in behind the block.
    this.head.minValidTime = Math.max(this.head.minValidTime, maxt)
    const c = this.counters
    const meta = await this.populating(() =>
      compactHeadRange(this.head, this.dir, mint, maxt, (sizeBytes, samples, rangeMs) => {
        c.chunkSizeBytes.observe(sizeBytes)
        c.chunkSamples.observe(samples)
        c.chunkRange.observe(rangeMs)
      }),
    )
    if (meta !== undefined) {
      this.blocks.push(await this.load(meta.ulid))
      this.blocks.sort((a, b) => a.reader.meta.minTime - b.reader.meta.minTime)
    }
    c.headTruncations++
    try {
      c.headGcSeconds.time(() => this.head.truncate(maxt))
    } catch (err) {
      c.headTruncationsFailed++
      throw err
    }
    c.compactions++
    c.walTruncateSeconds.time(() => this.truncateWal(maxt))
  }

  /** Replaces the WAL segments before the current one by a checkpoint of what is newer than `mint`. */
  private truncateWal(mint: number): void {
    const c = this.counters
    c.walTruncations++
    c.checkpoints++
    let upTo: number
    try {
      upTo = this.wal.cutSegment() - 1
      writeCheckpoint(
        this.wal.dir,
        upTo,
        { keepSeries: (ref) => this.head.series(ref) !== undefined, mint },
        true,
      )
    } catch (err) {
      c.walTruncationsFailed++
      c.checkpointsFailed++
      throw err
    }
    c.checkpointDeletions++
    try {
      deleteCheckpointsBefore(this.wal.dir, upTo)
    } catch (err) {
      c.checkpointDeletionsFailed++
      throw err
    }
  }

  /** Runs one compaction and records how long it took, failed or not. */
  private async timed<T>(compaction: () => Promise<T>): Promise<T> {
    const start = performance.now()
    try {
      return await compaction()
    } finally {
      this.counters.compactionDurationsSeconds.push((performance.now() - start) / 1000)
    }
  }

  /** Runs `write` with prometheus_tsdb_compaction_populating_block at 1. */
  private async populating<T>(write: () => Promise<T>): Promise<T> {
    this.counters.populatingBlock = 1
    try {
      return await write()
    } finally {
      this.counters.populatingBlock = 0
    }
  }

  /** The size retention (prometheus_tsdb_retention_limit_bytes), 0 when disabled. */
  get retentionLimitBytes(): number {
    return this.opts.retentionBytes
  }

  /** Figures of the loaded blocks, for DB.stats(). */
  blockStats(): { blocksBytes: number; symbolTableSizeBytes: number; lowestBlockTime: number } {
    let blocksBytes = 0
    let symbolTableSizeBytes = 0
    let lowestBlockTime = Infinity
    for (const b of this.blocks) {
      blocksBytes += b.sizeBytes
      symbolTableSizeBytes += b.reader.symbolTableSizeBytes
      lowestBlockTime = Math.min(lowestBlockTime, b.reader.meta.minTime)
    }
    return { blocksBytes, symbolTableSizeBytes, lowestBlockTime }
  }

  /** Opens a block just written; a failure to is a failed reload, as the block stays out of the set. */
  private async load(ulid: string): Promise<LoadedBlock> {
    const dir = join(this.dir, ulid)
    this.counters.reloads++
    try {
      return new LoadedBlock(await BlockReader.open(dir), await dirSize(dir))
    } catch (err) {
      this.counters.reloadsFailed++
      throw err
    }
  }

  private async replace(old: readonly LoadedBlock[], fresh: readonly LoadedBlock[]): Promise<void> {
    if (fresh.length === 0) this.counters.reloads++
    this.blocks = this.blocks.filter((b) => !old.includes(b)).concat(fresh)
    this.blocks.sort((a, b) => a.reader.meta.minTime - b.reader.meta.minTime)
    for (const b of old) await b.drop()
  }

  /** Deletes blocks past the time retention, then the oldest while over the size limit. */
  private async applyRetention(): Promise<void> {
    const newest = this.blocks.reduce((m, b) => Math.max(m, b.reader.meta.maxTime), -Infinity)
    if (this.opts.retentionMs > 0) {
      const expired = this.blocks.filter((b) => newest - b.reader.meta.maxTime > this.opts.retentionMs)
      if (expired.length > 0) {
        await this.replace(expired, [])
        this.counters.timeRetentions++
      }
    }
    if (this.opts.retentionBytes > 0) {
      let total = await dirSize(this.wal.dir)
      const drop: LoadedBlock[] = []
      for (const b of [...this.blocks].reverse()) {
        total += b.sizeBytes
        if (total > this.opts.retentionBytes) drop.push(b)
      }
      if (drop.length > 0) {
        await this.replace(drop, [])
        this.counters.sizeRetentions++
      }
    }
  }

  /** See DB.deleteSeries. */
  async deleteSeries(mint: number, maxt: number, matchers: readonly Matcher[]): Promise<void> {
    const iv: Interval = { minT: mint, maxT: maxt }
    const stones: { ref: number; interval: Interval }[] = []
    for (const ref of this.head.postings.select(matchers)) {
      const s = this.head.series(ref)
      if (s !== undefined && s.overlaps(mint, maxt)) stones.push({ ref, interval: iv })
    }
    if (stones.length > 0) {
      const w = new ByteWriter()
      encodeTombstonesRecord(w, stones)
      this.wal.log([Buffer.from(w.view())])
      for (const st of stones) this.head.addTombstone(st.ref, iv)
    }
    for (const b of this.blocks) {
      const m = b.reader.meta
      if (m.maxTime <= mint || m.minTime > maxt) continue
      const all = b.reader.allTombstones()
      let changed = false
      for (const ref of b.reader.postings(matchers)) {
        if (b.reader.series(ref).chunks.some((c) => c.maxTime >= mint && c.minTime <= maxt)) {
          addTombstone(all, ref, iv)
          changed = true
        }
      }
      if (changed) await writeTombstones(b.reader.dir, all)
    }
  }

  /** Runs `task` while no maintenance pass runs; a pass asked for meanwhile joins it instead. */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    for (let r = this.running; r !== undefined; r = this.running) await r
    // Nothing runs now, and no await separates this check from claiming the slot.
    const result = task()
    const slot = result.then(
      () => undefined,
      () => undefined,
    )
    this.running = slot
    try {
      return await result
    } finally {
      if (this.running === slot) this.running = undefined
    }
  }

  /** See DB.cleanTombstones. */
  async cleanTombstones(): Promise<void> {
    await this.running
    await this.counters.tombstoneCleanupSeconds.timeAsync(async () => {
      for (const b of [...this.blocks]) {
        if (b.reader.allTombstones().size === 0) continue
        const meta = await this.populating(() => mergeBlocks(this.dir, [b.reader]))
        await this.replace([b], [await this.load(meta.ulid)])
      }
    })
  }
}
