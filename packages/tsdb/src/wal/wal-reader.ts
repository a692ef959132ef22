import { readFileSync, rmSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { crc32c } from '../encoding/crc32c.js'
import {
  FragmentType,
  SNAPPY_FLAG,
  WAL_PAGE_SIZE,
  WAL_RECORD_HEADER_SIZE,
  walSegmentName,
} from './wal-format.js'
import { listWalSegments } from './wal-dir.js'
import { snappyDecode } from './snappy.js'

/** Where a WAL stopped verifying: the segment, the byte offset of the bad fragment, and why. */
export interface WalCorruption {
  segment: number
  offset: number
  reason: string
}

/** What reading one segment found: where its last complete record ends, and the first problem if any. */
export interface SegmentReadResult {
  validEnd: number
  corruption?: { offset: number; reason: string }
}

/**
 * Reassembles the records of one segment's bytes and calls `onRecord` with each (a view valid only
 * during the call) and the offset in `buf` just past it. Stops at the first bad fragment: a wrong
 * CRC, an impossible length, a fragment sequence that does not add up, or data cut off at the end of
 * the file (a torn write, or a record still being written when a reader tails a live segment).
 * `fileOffset` says where in the segment file `buf` starts (a record boundary), so a tailing reader
 * can read only the new bytes; offsets in the result stay relative to `buf`.
 */
export function readWalSegment(
  buf: Uint8Array,
  onRecord: (rec: Uint8Array, end: number) => void,
  fileOffset = 0,
): SegmentReadResult {
  let pos = 0
  let validEnd = 0
  let parts: Uint8Array[] | undefined
  let partsStart = 0
  let compressed = false
  const fail = (offset: number, reason: string): SegmentReadResult => ({
    validEnd,
    corruption: { offset, reason },
  })
  while (pos < buf.length) {
    const pageEnd = (Math.floor((pos + fileOffset) / WAL_PAGE_SIZE) + 1) * WAL_PAGE_SIZE - fileOffset
    const type = buf[pos] as number
    if (type === FragmentType.PageTerm || pageEnd - pos < WAL_RECORD_HEADER_SIZE) {
      const end = Math.min(pageEnd, buf.length)
      for (let i = pos; i < end; i++) if (buf[i] !== 0) return fail(i, 'non-zero bytes in page padding')
      pos = end
      continue
    }
    if (pos + WAL_RECORD_HEADER_SIZE > buf.length) return fail(pos, 'fragment header cut off')
    const base = type & 0x07
    const len = ((buf[pos + 1] as number) << 8) | (buf[pos + 2] as number)
    const crc =
      (((buf[pos + 3] as number) << 24) |
        ((buf[pos + 4] as number) << 16) |
        ((buf[pos + 5] as number) << 8) |
        (buf[pos + 6] as number)) >>>
      0
    const start = pos + WAL_RECORD_HEADER_SIZE
    if ((type & ~(0x07 | SNAPPY_FLAG)) !== 0 || base > FragmentType.Last)
      return fail(pos, `unknown fragment type ${type}`)
    if (start + len > pageEnd) return fail(pos, 'fragment crosses a page boundary')
    if (start + len > buf.length) return fail(pos, 'fragment cut off')
    if (crc32c(buf, start, start + len) !== crc) return fail(pos, 'checksum mismatch')
    const data = buf.subarray(start, start + len)
    if (base === FragmentType.Full || base === FragmentType.First) {
      if (parts !== undefined) return fail(pos, 'new record before the previous one ended')
      compressed = (type & SNAPPY_FLAG) !== 0
      partsStart = pos
    } else if (parts === undefined) return fail(pos, 'continuation without a first fragment')
    pos = start + len
    if (base === FragmentType.Full) parts = [data]
    else if (base === FragmentType.First) {
      parts = [data]
      continue
    } else {
      ;(parts as Uint8Array[]).push(data)
      if (base === FragmentType.Middle) continue
    }
    const all = parts as Uint8Array[]
    parts = undefined
    let rec = all.length === 1 ? (all[0] as Uint8Array) : Buffer.concat(all)
    if (compressed) {
      try {
        rec = snappyDecode(rec)
      } catch (err) {
        return fail(partsStart, `bad snappy data: ${(err as Error).message}`)
      }
    }
    onRecord(rec, pos)
    validEnd = pos
  }
  if (parts !== undefined) return fail(partsStart, 'last record cut off')
  return { validEnd }
}

/**
 * Feeds every record of the segments in `dir` with index in [from, to] to `onRecord`, in order. On
 * corruption it repairs the WAL as Prometheus does: the bad segment is truncated after its last
 * complete record and every later segment is deleted; the problem is returned (never thrown) so
 * the caller can log and count it. Nothing after the corruption point is replayed.
 */
export function replayWal(
  dir: string,
  from: number,
  to: number,
  onRecord: (rec: Uint8Array) => void,
): WalCorruption | undefined {
  const all = listWalSegments(dir)
  const segments = all.filter((s) => s >= from)
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k] as number
    if (seg > to) break
    const path = join(dir, walSegmentName(seg))
    const res = readWalSegment(readFileSync(path), onRecord)
    if (res.corruption === undefined) continue
    truncateSync(path, res.validEnd)
    for (const later of segments.slice(k + 1)) rmSync(join(dir, walSegmentName(later)))
    return { segment: seg, offset: res.corruption.offset, reason: res.corruption.reason }
  }
  return undefined
}
