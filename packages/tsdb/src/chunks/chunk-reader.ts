import { open, readdir, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32c } from '../encoding/crc32c.js'
import { CorruptBlockError } from '../errors.js'
import { chunkRefOffset, chunkRefSegment, segmentFileName } from './chunk-ref.js'
import { readCoalesced, readFullyAt } from './coalesced-reads.js'
import { CHUNKS_MAGIC, SEGMENT_HEADER_SIZE } from './segment-format.js'

/** One chunk read from a segment: `bytes[start, end)` is its data (header included), checksum verified. */
export interface ChunkBytes {
  encoding: number
  bytes: Buffer
  start: number
  end: number
}

const BLOCK_CHUNK_REF_LAYOUT = { file: chunkRefSegment, offset: chunkRefOffset }

interface Segment {
  path: string
  file: FileHandle
  sizeBytes: number
}

/**
 * Random access to a block's chunk segments with positional reads. Nothing is cached: each call reads
 * just the byte ranges holding the requested chunks (neighbours coalesced), so memory goes to the data
 * being queried, not to the block's history. Segment headers are verified when the reader opens.
 */
export class ChunkReader {
  private readonly segments: Segment[]

  private constructor(segments: Segment[]) {
    this.segments = segments
  }

  /** Opens every segment in `dir` (a block's `chunks` folder) and checks their headers. */
  static async open(dir: string): Promise<ChunkReader> {
    const names = (await readdir(dir)).filter((n) => /^\d{6}$/.test(n)).sort()
    const segments: Segment[] = []
    try {
      for (let i = 0; i < names.length; i++) {
        const path = join(dir, segmentFileName(i))
        if (names[i] !== segmentFileName(i))
          throw new CorruptBlockError(path, 'segment list', 'segment file missing')
        const file = await open(path, 'r')
        segments.push({ path, file, sizeBytes: 0 })
        const seg = segments[i] as Segment
        seg.sizeBytes = (await file.stat()).size
        const head = Buffer.alloc(SEGMENT_HEADER_SIZE)
        await file.read(head, 0, SEGMENT_HEADER_SIZE, 0)
        if (seg.sizeBytes < SEGMENT_HEADER_SIZE || head.readUInt32BE(0) !== CHUNKS_MAGIC) {
          throw new CorruptBlockError(path, 'segment header', 'bad magic number')
        }
        if (head[4] !== 1) throw new CorruptBlockError(path, 'segment header', `unknown version ${head[4]}`)
      }
    } catch (err) {
      await Promise.all(segments.map((s) => s.file.close()))
      throw err
    }
    return new ChunkReader(segments)
  }

  /** Reads the chunks at `refs` (any order); results are in the same order as `refs`. */
  async read(refs: readonly number[]): Promise<ChunkBytes[]> {
    return this.readSync(refs)
  }

  /**
   * {@link read} with synchronous positional reads: the storage seam's select() and iterator()
   * are synchronous, so queries read chunks lazily this way (from the page cache, mostly).
   */
  readSync(refs: readonly number[]): ChunkBytes[] {
    return readCoalesced(
      refs,
      BLOCK_CHUNK_REF_LAYOUT,
      (segIndex, start, end) => this.readRange(this.segment(segIndex), start, end),
      (segIndex, window, windowStart, offset) =>
        this.parse(this.segment(segIndex), window, windowStart, offset),
    )
  }

  private segment(index: number): Segment {
    const seg = this.segments[index]
    if (seg === undefined) {
      throw new CorruptBlockError(
        segmentFileName(index),
        'chunk reference',
        `segment ${index} does not exist`,
      )
    }
    return seg
  }

  /** Bytes [start, end) of `seg`, fewer at its end. */
  private readRange(seg: Segment, start: number, end: number): Buffer {
    const buf = Buffer.allocUnsafe(Math.max(0, Math.min(seg.sizeBytes, end) - start))
    return buf.subarray(0, readFullyAt(seg.file.fd, buf, start))
  }

  private parse(seg: Segment, window: Buffer, windowStart: number, offset: number): ChunkBytes {
    const section = `chunk at offset ${offset}`
    if (offset < SEGMENT_HEADER_SIZE || offset >= seg.sizeBytes) {
      throw new CorruptBlockError(seg.path, section, 'reference outside the segment')
    }
    let p = offset - windowStart
    let len = 0
    let mul = 1
    for (;;) {
      if (p >= window.length) {
        // The window ended inside the length field: fall back to reading this chunk on its own.
        return this.parse(
          seg,
          this.readRange(seg, offset, Math.min(seg.sizeBytes, offset + 16)),
          offset,
          offset,
        )
      }
      const b = window[p++] as number
      len += (b & 0x7f) * mul
      if (b < 0x80) break
      mul *= 128
      if (mul > 2 ** 35) throw new CorruptBlockError(seg.path, section, 'bad length')
    }
    const total = p - (offset - windowStart) + 1 + len + 4
    if (offset + total > seg.sizeBytes)
      throw new CorruptBlockError(seg.path, section, 'chunk runs past the end')
    if (offset - windowStart + total > window.length) {
      return this.parse(seg, this.readRange(seg, offset, offset + total), offset, offset)
    }
    const encStart = p
    const dataEnd = p + 1 + len
    const want = window.readUInt32BE(dataEnd)
    if (crc32c(window, encStart, dataEnd) !== want)
      throw new CorruptBlockError(seg.path, section, 'checksum mismatch')
    return { encoding: window[encStart] as number, bytes: window, start: encStart + 1, end: dataEnd }
  }

  /** Closes the segment files. */
  async close(): Promise<void> {
    await Promise.all(this.segments.map((s) => s.file.close()))
  }
}
