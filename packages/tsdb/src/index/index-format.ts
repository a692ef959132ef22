/** Magic number at the start of an index file. */
export const INDEX_MAGIC = 0xbaaad700
/** The index format version Prometheus 2.x writes. */
export const INDEX_VERSION = 2
/** TOC: six 8-byte section offsets and a CRC32C. */
export const TOC_SIZE = 6 * 8 + 4

/** Bounds of one chunk of a series, as the index records it. */
export interface ChunkMeta {
  /** Chunk reference: segment << 32 | offset. */
  ref: number
  minTime: number
  maxTime: number
}
