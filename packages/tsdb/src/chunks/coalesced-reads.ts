import { readSync } from 'node:fs'

/** Reads beyond the last requested chunk start, so that most chunks arrive in one read. */
export const READ_AHEAD_BYTES = 1024
/** Chunks closer than this are fetched with one read. */
const COALESCE_GAP_BYTES = 16 * 1024

/** How a chunk reference splits into the file it lives in and its offset there. */
export interface ChunkRefLayout {
  file(ref: number): number
  offset(ref: number): number
}

/**
 * Reads the chunks at `refs` (any order) with as few positional reads as possible: references sorted
 * by file and offset, neighbours within {@link COALESCE_GAP_BYTES} share one window of bytes
 * `[start, lastOffset + READ_AHEAD_BYTES)` (which `readWindow` may clip at the file's end), and
 * `parse` cuts each chunk out of its window. Results are in the order of `refs`.
 */
export function readCoalesced<T>(
  refs: readonly number[],
  layout: ChunkRefLayout,
  readWindow: (file: number, start: number, end: number) => Buffer,
  parse: (file: number, window: Buffer, windowStart: number, offset: number) => T,
): T[] {
  const order = refs.map((_, i) => i).sort((a, b) => (refs[a] as number) - (refs[b] as number))
  const out = new Array<T>(refs.length)
  let i = 0
  while (i < order.length) {
    const first = refs[order[i] as number] as number
    const file = layout.file(first)
    let j = i + 1
    let lastOffset = layout.offset(first)
    while (j < order.length) {
      const ref = refs[order[j] as number] as number
      if (layout.file(ref) !== file || layout.offset(ref) - lastOffset > COALESCE_GAP_BYTES) break
      lastOffset = layout.offset(ref)
      j++
    }
    const start = layout.offset(first)
    const window = readWindow(file, start, lastOffset + READ_AHEAD_BYTES)
    for (let k = i; k < j; k++) {
      const idx = order[k] as number
      out[idx] = parse(file, window, start, layout.offset(refs[idx] as number))
    }
    i = j
  }
  return out
}

/** Fills `buf` from `fd` at `position` until it is full or the file ends; returns the bytes read. */
export function readFullyAt(fd: number, buf: Buffer, position: number): number {
  let done = 0
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done)
    if (n === 0) break
    done += n
  }
  return done
}
