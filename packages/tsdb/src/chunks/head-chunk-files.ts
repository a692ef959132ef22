import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { ChunkBytes } from './chunk-reader.js'
import { READ_AHEAD_BYTES, readCoalesced, readFullyAt } from './coalesced-reads.js'
import { CorruptBlockError } from '../errors.js'
import {
  HEAD_CHUNK_FILE_HEADER_SIZE,
  MAX_HEAD_CHUNK_FILE_SIZE,
  encodeHeadChunkEntry,
  headChunkEntrySize,
  headChunkFileHeader,
  headChunkFileName,
  headChunkRef,
  headChunkRefOffset,
  headChunkRefSeq,
  parseHeadChunkEntry,
} from './head-chunk-format.js'
import type { HeadChunkFileInfo } from './head-chunk-scan.js'
import type { HeadChunkStore } from './head-chunk-store.js'

const HEAD_CHUNK_REF_LAYOUT = { file: headChunkRefSeq, offset: headChunkRefOffset }

/** Entries are gathered in memory and written once this much is pending (Prometheus buffers 4 MiB). */
const FLUSH_BYTES = 256 * 1024

interface OpenFile {
  fd: number
  /** Bytes on disk. */
  sizeBytes: number
}

/**
 * The head's full chunks on disk, in Prometheus's head chunk file format (see head-chunk-format.ts),
 * so they cost the JS heap nothing once written. Writes are synchronous (the head cuts chunks inside
 * commit) and buffered; entries still in the buffer are served from it. A write that fails (a full
 * disk) keeps its bytes pending and is retried later: the chunk is also in the WAL, so nothing is lost
 * either way. Reads are positional and coalesced across the requested entries; checksums are verified
 * on every read, as Prometheus 2.42's ChunkDiskMapper.Chunk does.
 */
export class HeadChunkFiles implements HeadChunkStore {
  /** The `chunks_head` directory. */
  readonly dir: string
  /** Writes that failed and were kept pending (prometheus_tsdb_chunk_write_errors, say). */
  writeErrors = 0
  /** Entries found damaged when read (prometheus_tsdb_mmap_chunk_corruptions_total, with start-up repairs). */
  readCorruptions = 0
  private readonly files = new Map<number, OpenFile>()
  private readonly logger: (message: string) => void
  private readonly maxFileSizeBytes: number
  /** Sequence number of the file being written, 0 before the first write. */
  private cur = 0
  private lastSeq: number
  private pending = Buffer.allocUnsafe(0)
  private pendingLength = 0
  /** After a failed write: the pending size at which to try again (0: no failure outstanding). */
  private retryAt = 0
  private closed = false

  /** Opens the files a start-up scan kept; writes go to a new file after them, cut at `maxFileSizeBytes`. */
  constructor(
    dir: string,
    files: readonly HeadChunkFileInfo[],
    logger: (message: string) => void,
    maxFileSizeBytes = MAX_HEAD_CHUNK_FILE_SIZE,
  ) {
    this.dir = dir
    this.logger = logger
    this.maxFileSizeBytes = maxFileSizeBytes
    for (const f of files)
      this.files.set(f.seq, { fd: openSync(this.path(f.seq), 'r'), sizeBytes: f.sizeBytes })
    this.lastSeq = files.length > 0 ? (files[files.length - 1] as HeadChunkFileInfo).seq : 0
  }

  /** Sequence numbers of the files in use, ascending. */
  fileSeqs(): number[] {
    return [...this.files.keys()].sort((a, b) => a - b)
  }

  private path(seq: number): string {
    return join(this.dir, headChunkFileName(seq))
  }

  write(
    seriesRef: number,
    minT: number,
    maxT: number,
    encoding: number,
    data: Uint8Array,
    durable: boolean,
  ): number {
    if (this.closed) throw new RangeError('cannot write head chunk (files closed)')
    const size = headChunkEntrySize(data.length)
    if (
      this.cur === 0 ||
      (this.curSize() + size > this.maxFileSizeBytes && this.curSize() > HEAD_CHUNK_FILE_HEADER_SIZE)
    ) {
      this.cut()
    }
    if (this.pendingLength + size > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(FLUSH_BYTES, (this.pendingLength + size) * 2))
      this.pending.copy(grown, 0, 0, this.pendingLength)
      this.pending = grown
    }
    const ref = headChunkRef(this.cur, this.curSize())
    this.pendingLength = encodeHeadChunkEntry(
      this.pending,
      this.pendingLength,
      seriesRef,
      minT,
      maxT,
      encoding,
      data,
    )
    if (durable || this.pendingLength >= Math.max(FLUSH_BYTES, this.retryAt)) this.flush()
    return ref
  }

  /** Bytes of the file being written, pending ones included. */
  private curSize(): number {
    return (this.files.get(this.cur)?.sizeBytes ?? 0) + this.pendingLength
  }

  /** Writes the pending bytes; on failure they stay pending (counted and logged) and false is returned. */
  flush(): boolean {
    const f = this.files.get(this.cur)
    if (f === undefined || this.pendingLength === 0) return true
    try {
      let done = 0
      while (done < this.pendingLength) {
        done += writeSync(f.fd, this.pending, done, this.pendingLength - done, f.sizeBytes + done)
      }
    } catch (err) {
      this.writeErrors++
      // Retried once another buffer's worth is pending (or at a cut or close), logged once per streak.
      if (this.retryAt === 0) {
        this.logger(
          `tsdb: cannot write head chunk file ${this.path(this.cur)} (${(err as Error).message}); retrying later`,
        )
      }
      this.retryAt = this.pendingLength + FLUSH_BYTES
      return false
    }
    f.sizeBytes += this.pendingLength
    this.pendingLength = 0
    this.retryAt = 0
    // A buffer grown for one large write goes back to the usual size.
    if (this.pending.length > FLUSH_BYTES * 2) this.pending = Buffer.allocUnsafe(FLUSH_BYTES)
    return true
  }

  /** Finishes the current file (flushed and fsynced) and starts the next one. */
  private cut(): void {
    const f = this.files.get(this.cur)
    if (f !== undefined) {
      // While pending bytes cannot be written, the current file keeps growing past its limit.
      if (!this.flush()) return
      fsyncSync(f.fd)
    }
    const seq = this.lastSeq + 1
    const fd = openSync(this.path(seq), 'w+')
    this.files.set(seq, { fd, sizeBytes: 0 })
    this.cur = seq
    this.lastSeq = seq
    if (this.pending.length < FLUSH_BYTES) this.pending = Buffer.allocUnsafe(FLUSH_BYTES)
    headChunkFileHeader().copy(this.pending, 0)
    this.pendingLength = HEAD_CHUNK_FILE_HEADER_SIZE
  }

  readMany(keys: readonly number[]): ChunkBytes[] {
    return readCoalesced(
      keys,
      HEAD_CHUNK_REF_LAYOUT,
      (seq, start, end) => this.readRange(seq, start, end),
      (seq, window, windowStart, offset) => this.parse(seq, window, windowStart, offset),
    )
  }

  /** Bytes [start, end) of file `seq` (fewer at its end), from disk or from the pending buffer. */
  private readRange(seq: number, start: number, end: number): Buffer {
    const f = this.files.get(seq)
    if (f === undefined) {
      throw this.corrupt(seq, start, 'file does not exist')
    }
    const size = seq === this.cur ? f.sizeBytes + this.pendingLength : f.sizeBytes
    end = Math.min(end, size)
    const buf = Buffer.allocUnsafe(Math.max(0, end - start))
    const fromDisk = Math.max(0, Math.min(end, f.sizeBytes) - start)
    let done = readFullyAt(f.fd, buf.subarray(0, fromDisk), start)
    if (end > f.sizeBytes && seq === this.cur) {
      const from = Math.max(start, f.sizeBytes)
      this.pending.copy(buf, from - start, from - f.sizeBytes, end - f.sizeBytes)
      done = buf.length
    }
    return buf.subarray(0, done)
  }

  private parse(seq: number, window: Buffer, windowStart: number, offset: number): ChunkBytes {
    let buf = window
    let p = offset - windowStart
    for (;;) {
      const e = parseHeadChunkEntry(buf, p, buf.length)
      // A view into the read window, which the entries of one coalesced read share: a query keeps
      // them all for as long as it holds the selected series, and nothing writes to it later.
      if (typeof e === 'object')
        return { encoding: e.encoding, bytes: buf, start: e.dataStart, end: e.dataEnd }
      if (e !== 'short') throw this.corrupt(seq, offset, e)
      // The entry is longer than the read-ahead: read it alone, larger each time.
      const next = this.readRange(seq, offset, offset + (p === 0 ? buf.length * 2 : READ_AHEAD_BYTES))
      if (p === 0 && next.length <= buf.length) {
        throw this.corrupt(seq, offset, 'entry runs past the end of the file')
      }
      buf = next
      p = 0
    }
  }

  /** Counts a damaged entry and describes it. */
  private corrupt(seq: number, offset: number, reason: string): CorruptBlockError {
    this.readCorruptions++
    return new CorruptBlockError(this.path(seq), `head chunk at offset ${offset}`, reason)
  }

  release(): void {}

  /**
   * Deletes the files holding only chunks below `minKeyInUse` (Prometheus's Truncate). The current
   * file is finished first when it holds any entry, so that it too can go at the next truncation.
   */
  truncate(minKeyInUse: number): void {
    if (this.closed) return
    if (this.cur !== 0 && this.curSize() > HEAD_CHUNK_FILE_HEADER_SIZE) this.cut()
    const minSeq = minKeyInUse === Infinity ? Infinity : headChunkRefSeq(minKeyInUse)
    for (const [seq, f] of [...this.files].sort((a, b) => a[0] - b[0])) {
      if (seq >= minSeq || seq === this.cur) break
      closeSync(f.fd)
      this.files.delete(seq)
      rmSync(this.path(seq), { force: true })
    }
  }

  /** Flushes, fsyncs and closes every file. */
  close(): void {
    if (this.closed) return
    const f = this.files.get(this.cur)
    if (f !== undefined && this.flush()) fsyncSync(f.fd)
    this.closed = true
    for (const file of this.files.values()) closeSync(file.fd)
    this.files.clear()
  }
}
