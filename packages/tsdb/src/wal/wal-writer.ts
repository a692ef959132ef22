import { closeSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { crc32c } from '../encoding/crc32c.js'
import { WalWriteError } from '../errors.js'
import { RecentObservations } from '../stats/recent-observations.js'
import {
  FragmentType,
  WAL_DEFAULT_SEGMENT_SIZE,
  WAL_PAGE_SIZE,
  WAL_RECORD_HEADER_SIZE,
  walSegmentName,
} from './wal-format.js'
import { listWalSegments, syncDir } from './wal-dir.js'

/** How a {@link WalWriter} writes. */
export interface WalWriterOptions {
  /** Segment size; a record never spans two segments. Default 128 MiB, a multiple of 32 KiB. */
  segmentSizeBytes?: number
  /**
   * fsync period in ms. `log()` always hands the records to the kernel with write(2) before it
   * returns, so they survive a crash of the process; this bounds what an OS crash or power loss
   * can take. 0 fsyncs on every `log()`. Default 1000. Segment cuts and `close()` always fsync.
   */
  fsyncIntervalMs?: number
}

/**
 * Appends records to a directory of WAL segments in Prometheus's format (tsdb/wlog): 32 KiB pages,
 * records split into FULL/FIRST/MIDDLE/LAST fragments with a CRC32C each. Like Prometheus it starts
 * a fresh segment on every open, so it never appends to a segment a crash may have torn.
 * Synchronous on purpose: `log()` returns once the bytes are written, which keeps the ordering of
 * concurrent commits trivial. One writer per directory.
 */
export class WalWriter {
  /** The WAL directory. */
  readonly dir: string
  /** Batches `log()` could not write (prometheus_tsdb_wal_writes_failed_total). */
  writesFailed = 0
  /** Page writes that carried bytes (prometheus_tsdb_wal_page_flushes_total). */
  pageFlushes = 0
  /** Pages filled and padded to 32 KiB (prometheus_tsdb_wal_completed_pages_total). */
  completedPages = 0
  /** Seconds each fsync took (prometheus_tsdb_wal_fsync_duration_seconds). */
  readonly fsyncDurations = new RecentObservations()
  private readonly segmentSize: number
  private readonly fsyncIntervalMs: number
  private readonly page = Buffer.alloc(WAL_PAGE_SIZE)
  private alloc = 0
  private flushed = 0
  private donePages = 0
  private fd = -1
  private segment = -1
  private dirty = false
  private closed = false
  private timer: NodeJS.Timeout | undefined
  /** A background fsync is in flight. */
  private syncing = false

  private constructor(dir: string, options: WalWriterOptions) {
    this.dir = dir
    this.segmentSize = options.segmentSizeBytes ?? WAL_DEFAULT_SEGMENT_SIZE
    if (this.segmentSize % WAL_PAGE_SIZE !== 0 || this.segmentSize < WAL_PAGE_SIZE) {
      throw new RangeError(`cannot open WAL (segment size ${this.segmentSize} is not a multiple of 32 KiB)`)
    }
    this.fsyncIntervalMs = options.fsyncIntervalMs ?? 1000
  }

  /** Opens `dir` (created if missing) and starts a new segment after the existing ones. */
  static open(dir: string, options: WalWriterOptions = {}): WalWriter {
    mkdirSync(dir, { recursive: true })
    const w = new WalWriter(dir, options)
    const last = listWalSegments(dir).at(-1)
    w.openSegment(last === undefined ? 0 : last + 1)
    if (w.fsyncIntervalMs > 0) {
      w.timer = setInterval(() => w.backgroundSync(), w.fsyncIntervalMs)
      w.timer.unref()
    }
    return w
  }

  /** Index of the segment being written. */
  get currentSegment(): number {
    return this.segment
  }

  /**
   * Writes the records (each a complete encoded record) and flushes them to the kernel, all or
   * nothing: when a write fails (ENOSPC, EIO) the segment is cut back to where the batch began and
   * a {@link WalWriteError} is thrown, so a rejected batch never reappears at replay and the next
   * batch starts on a clean record boundary. A batch that does not fit in the rest of the segment
   * starts a new segment first; only a batch larger than a whole segment can still span two, and
   * then just its part in the last segment is cut back.
   */
  log(records: readonly Uint8Array[]): void {
    if (this.closed) throw new RangeError('cannot write WAL (closed)')
    try {
      // A segment whose creation failed in an earlier cut is created now.
      if (this.fd < 0) this.openSegment(this.segment + 1)
      // A page left unflushed by an earlier failure goes first, so the mark below is on disk.
      this.flushPage(false)
      if (this.mustCutFor(records)) this.cutSegment()
    } catch (err) {
      this.writesFailed++
      throw new WalWriteError(this.segmentPath(), err)
    }
    const markSegment = this.segment
    const markPages = this.donePages
    const markAlloc = this.alloc
    try {
      for (const rec of records) this.logOne(rec)
      this.flushPage(false)
      this.dirty = true
      if (this.fsyncIntervalMs === 0) this.sync()
    } catch (err) {
      this.writesFailed++
      this.rewind(markSegment, markPages, markAlloc)
      throw new WalWriteError(this.segmentPath(), err)
    }
  }

  /** Ends the current segment (padded, fsynced) and starts the next; returns the new index. */
  cutSegment(): number {
    this.closeSegment()
    this.openSegment(this.segment + 1)
    return this.segment
  }

  /** fsyncs the current segment if anything was written since the last fsync. */
  sync(): void {
    if (this.fd >= 0 && this.dirty) {
      this.timedFsync()
      this.dirty = false
    }
  }

  /** Flushes, fsyncs and closes; the writer must not be used afterwards. */
  close(): void {
    this.closed = true
    if (this.timer !== undefined) clearInterval(this.timer)
    if (this.fd < 0) return
    this.flushPage(false)
    this.timedFsync()
    closeSync(this.fd)
    this.fd = -1
  }

  private timedFsync(): void {
    const start = performance.now()
    fsyncSync(this.fd)
    this.fsyncDurations.observe((performance.now() - start) / 1000)
  }

  /** True if `records` would not fit in the rest of this segment but would fit in an empty one. */
  private mustCutFor(records: readonly Uint8Array[]): boolean {
    if (this.donePages === 0 && this.alloc === 0) return false
    let bytes = 0
    for (const rec of records) bytes += rec.length
    // Generous: a header per fragment plus a wasted page tail per record.
    const pageData = WAL_PAGE_SIZE - WAL_RECORD_HEADER_SIZE
    const need = bytes + (2 * records.length + Math.ceil(bytes / pageData)) * WAL_RECORD_HEADER_SIZE * 2
    const segmentBytes = this.segmentSize
    const left = segmentBytes - this.donePages * WAL_PAGE_SIZE - this.alloc
    return need > left && need <= segmentBytes
  }

  /**
   * Cuts the file back to a mark taken at the start of a batch and reloads the page written so
   * far. If the batch already moved on to a new segment, that segment is emptied instead.
   */
  private rewind(segment: number, pages: number, alloc: number): void {
    if (this.segment !== segment || this.fd < 0) {
      pages = 0
      alloc = 0
    }
    this.donePages = pages
    this.alloc = alloc
    this.flushed = alloc
    if (this.fd < 0) return
    const pageStart = pages * WAL_PAGE_SIZE
    ftruncateSync(this.fd, pageStart + alloc)
    let read = 0
    while (read < alloc) {
      const n = readSync(this.fd, this.page, read, alloc - read, pageStart + read)
      if (n === 0) break
      read += n
    }
  }

  /**
   * The timer's fsync, on the thread pool: a synchronous one blocks the event loop (scrapes, queries)
   * for as long as a busy disk takes, seconds at worst. A failure is left for the next tick (or for
   * close) to retry or report. Cutting or closing a segment fsyncs it synchronously first, so a sync
   * still in flight when its descriptor closes is redundant, and its error is harmless.
   */
  private backgroundSync(): void {
    if (this.fd < 0 || !this.dirty || this.syncing) return
    this.dirty = false
    this.syncing = true
    const start = performance.now()
    fsync(this.fd, (err) => {
      this.syncing = false
      if (err !== null) this.dirty = true
      else this.fsyncDurations.observe((performance.now() - start) / 1000)
    })
  }

  private segmentPath(): string {
    return join(this.dir, walSegmentName(this.segment))
  }

  private logOne(rec: Uint8Array): void {
    if (WAL_PAGE_SIZE - this.alloc < WAL_RECORD_HEADER_SIZE) this.flushPage(true)
    const pagesPerSegment = this.segmentSize / WAL_PAGE_SIZE
    const left =
      WAL_PAGE_SIZE -
      this.alloc -
      WAL_RECORD_HEADER_SIZE +
      (WAL_PAGE_SIZE - WAL_RECORD_HEADER_SIZE) * (pagesPerSegment - this.donePages - 1)
    // A record never crosses segments, so a reader can start at any segment boundary.
    if (rec.length > left) this.cutSegment()
    let off = 0
    for (let i = 0; i === 0 || off < rec.length; i++) {
      const n = Math.min(rec.length - off, WAL_PAGE_SIZE - this.alloc - WAL_RECORD_HEADER_SIZE)
      const last = off + n === rec.length
      const type =
        i === 0 && last
          ? FragmentType.Full
          : last
            ? FragmentType.Last
            : i === 0
              ? FragmentType.First
              : FragmentType.Middle
      const p = this.page
      p[this.alloc] = type
      p.writeUInt16BE(n, this.alloc + 1)
      p.writeUInt32BE(crc32c(rec, off, off + n), this.alloc + 3)
      p.set(rec.subarray(off, off + n), this.alloc + WAL_RECORD_HEADER_SIZE)
      this.alloc += WAL_RECORD_HEADER_SIZE + n
      off += n
      if (WAL_PAGE_SIZE - this.alloc < WAL_RECORD_HEADER_SIZE) this.flushPage(true)
    }
  }

  /** Writes the unwritten part of the page; `complete` zero-pads it to 32 KiB and starts a new one. */
  private flushPage(complete: boolean): void {
    if (complete) {
      this.page.fill(0, this.alloc)
      this.alloc = WAL_PAGE_SIZE
    }
    let at = this.flushed
    // Positional: a write cut short by ENOSPC moves the file position, and a retry must land where the page belongs.
    const pageStart = this.donePages * WAL_PAGE_SIZE
    if (at < this.alloc) this.pageFlushes++
    while (at < this.alloc) at += writeSync(this.fd, this.page, at, this.alloc - at, pageStart + at)
    this.flushed = at
    if (complete) {
      this.alloc = 0
      this.flushed = 0
      this.donePages++
      this.completedPages++
    }
  }

  private closeSegment(): void {
    if (this.alloc > 0) this.flushPage(true)
    this.timedFsync()
    closeSync(this.fd)
    this.fd = -1
    this.dirty = false
  }

  private openSegment(index: number): void {
    // Read access too: a failed batch is cut back and the page written so far is read back.
    this.fd = openSync(join(this.dir, walSegmentName(index)), 'wx+')
    this.segment = index
    this.alloc = 0
    this.flushed = 0
    this.donePages = 0
    syncDir(this.dir)
  }
}
