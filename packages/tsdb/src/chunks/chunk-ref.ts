const TWO_32 = 4294967296

/**
 * A block chunk reference: segment index (0 for `chunks/000001`) in the high 32 bits, byte offset in the
 * segment in the low 32 bits. Kept as a JavaScript number, exact for segment indices below 2^21.
 */
export function chunkRef(segment: number, offset: number): number {
  return segment * TWO_32 + offset
}

/** The segment index of a chunk reference. */
export function chunkRefSegment(ref: number): number {
  return Math.floor(ref / TWO_32)
}

/** The byte offset within its segment of a chunk reference. */
export function chunkRefOffset(ref: number): number {
  return ref % TWO_32
}

/** Segment file name for a 0-based segment index: `000001` for 0. */
export function segmentFileName(segment: number): string {
  return String(segment + 1).padStart(6, '0')
}
