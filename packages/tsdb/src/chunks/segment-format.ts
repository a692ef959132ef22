/** Magic number at the start of every chunk segment file. */
export const CHUNKS_MAGIC = 0x85bd40dd
/** Segment header: magic (4), version (1), padding (3). */
export const SEGMENT_HEADER_SIZE = 8
/** Prometheus's default maximum segment size. */
export const DEFAULT_SEGMENT_SIZE_BYTES = 512 * 1024 * 1024
