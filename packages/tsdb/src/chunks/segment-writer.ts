import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { ByteWriter } from '../encoding/byte-writer.js'
import { crc32c } from '../encoding/crc32c.js'
import { chunkRef, segmentFileName } from './chunk-ref.js'
import { CHUNKS_MAGIC, DEFAULT_SEGMENT_SIZE_BYTES, SEGMENT_HEADER_SIZE } from './segment-format.js'

const FLUSH_BYTES = 1 << 20

/**
 * Writes `chunks/000001…` segment files: each a header then entries `len <uvarint> | encoding <1> |
 * data | CRC32C(encoding, data) <4>`. Appends are buffered (flushed every MiB); a new segment starts
 * when the next entry would pass `segmentSizeBytes`. Not safe for concurrent use.
 */
export class ChunkSegmentWriter {
  private readonly dir: string
  private readonly segmentSizeBytes: number
  private file: FileHandle | undefined
  private segment = -1
  private offset = 0
  private readonly buf = new ByteWriter(FLUSH_BYTES + 4096)
  private readonly entry = new ByteWriter(64)

  private constructor(dir: string, segmentSizeBytes: number) {
    this.dir = dir
    this.segmentSizeBytes = segmentSizeBytes
  }

  /** Creates `dir` (the block's `chunks` folder) and an empty writer. */
  static async create(
    dir: string,
    segmentSizeBytes = DEFAULT_SEGMENT_SIZE_BYTES,
  ): Promise<ChunkSegmentWriter> {
    await mkdir(dir, { recursive: true })
    return new ChunkSegmentWriter(dir, segmentSizeBytes)
  }

  /** Appends one chunk and returns its reference. */
  async write(encoding: number, data: Uint8Array): Promise<number> {
    const e = this.entry
    e.reset()
    e.putUvarint(data.length)
    const size = e.length + 1 + data.length + 4
    if (
      this.segment < 0 ||
      (this.offset + size > this.segmentSizeBytes && this.offset > SEGMENT_HEADER_SIZE)
    ) {
      await this.cut()
    }
    const ref = chunkRef(this.segment, this.offset)
    const b = this.buf
    b.putBytes(e.view())
    const crcStart = b.length
    b.putByte(encoding)
    b.putBytes(data)
    b.putBE32(crc32c(b.bytes, crcStart, b.length))
    this.offset += size
    if (b.length >= FLUSH_BYTES) await this.flush()
    return ref
  }

  private async flush(): Promise<void> {
    if (this.file !== undefined && this.buf.length > 0) {
      await this.file.write(this.buf.bytes, 0, this.buf.length)
    }
    this.buf.reset()
  }

  private async cut(): Promise<void> {
    await this.closeSegment()
    this.segment++
    this.file = await open(join(this.dir, segmentFileName(this.segment)), 'w')
    this.buf.putBE32(CHUNKS_MAGIC)
    this.buf.putByte(1)
    this.buf.putBytes(new Uint8Array(3))
    this.offset = SEGMENT_HEADER_SIZE
  }

  private async closeSegment(): Promise<void> {
    try {
      await this.flush()
      await this.file?.sync()
    } finally {
      // Closed even when the flush failed (a full disk), so no descriptor is left to the GC.
      const file = this.file
      this.file = undefined
      this.buf.reset()
      await file?.close()
    }
  }

  /** Flushes, syncs and closes the last segment. */
  async close(): Promise<void> {
    await this.closeSegment()
  }

  /** Closes the open segment without writing what is buffered: the block is being abandoned. */
  async abort(): Promise<void> {
    const file = this.file
    this.file = undefined
    this.buf.reset()
    await file?.close()
  }
}
