import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ByteReader } from '../encoding/byte-reader.js'
import { ByteWriter } from '../encoding/byte-writer.js'
import { crc32c } from '../encoding/crc32c.js'
import { CorruptBlockError } from '../errors.js'

const TOMBSTONES_MAGIC = 0x0130ba30

/** A closed deletion interval [minT, maxT] in milliseconds. */
export interface Interval {
  minT: number
  maxT: number
}

/** Deleted intervals per series reference, each list sorted and non-overlapping. */
export type Tombstones = Map<number, Interval[]>

/** Adds an interval to a series, merging it with the intervals it touches. */
export function addTombstone(stones: Tombstones, ref: number, iv: Interval): void {
  const list = [...(stones.get(ref) ?? []), { ...iv }].sort((a, b) => a.minT - b.minT)
  const merged: Interval[] = []
  for (const x of list) {
    const last = merged[merged.length - 1]
    if (last !== undefined && x.minT <= last.maxT + 1) last.maxT = Math.max(last.maxT, x.maxT)
    else merged.push(x)
  }
  stones.set(ref, merged)
}

/** Encodes the tombstones file: magic, version 1, `ref <uvarint> mint <varint> maxt <varint>`…, CRC32C. */
export function encodeTombstones(stones: Tombstones): Buffer {
  const w = new ByteWriter()
  w.putBE32(TOMBSTONES_MAGIC)
  w.putByte(1)
  for (const ref of [...stones.keys()].sort((a, b) => a - b)) {
    for (const iv of stones.get(ref) ?? []) {
      w.putUvarint(ref)
      w.putVarint(iv.minT)
      w.putVarint(iv.maxT)
    }
  }
  // The checksum covers the entries, not the magic or the version byte.
  w.putBE32(crc32c(w.bytes, 5, w.length))
  return Buffer.from(w.view())
}

/** Writes `dir/tombstones`; returns its size in bytes. */
export async function writeTombstones(dir: string, stones: Tombstones): Promise<number> {
  const bytes = encodeTombstones(stones)
  await writeFile(join(dir, 'tombstones'), bytes)
  return bytes.length
}

/** Reads `dir/tombstones`; a missing file means no deletions. */
export async function readTombstones(dir: string): Promise<Tombstones> {
  const path = join(dir, 'tombstones')
  let b: Buffer
  try {
    b = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
    throw err
  }
  return decodeTombstones(path, b)
}

/** Decodes and verifies tombstones bytes; `path` is only used in error messages. */
export function decodeTombstones(path: string, b: Buffer): Tombstones {
  if (b.length < 9 || b.readUInt32BE(0) !== TOMBSTONES_MAGIC) {
    throw new CorruptBlockError(path, 'tombstones header', 'bad magic number or too short')
  }
  if (b[4] !== 1) throw new CorruptBlockError(path, 'tombstones header', `unsupported version ${b[4]}`)
  if (crc32c(b, 5, b.length - 4) !== b.readUInt32BE(b.length - 4)) {
    throw new CorruptBlockError(path, 'tombstones', 'checksum mismatch')
  }
  const stones: Tombstones = new Map()
  try {
    const r = new ByteReader(b, 5, b.length - 4)
    while (r.remaining > 0) addTombstone(stones, r.uvarint(), { minT: r.varint(), maxT: r.varint() })
  } catch (err) {
    throw new CorruptBlockError(path, 'tombstones', err instanceof Error ? err.message : String(err), {
      cause: err,
    })
  }
  return stones
}
