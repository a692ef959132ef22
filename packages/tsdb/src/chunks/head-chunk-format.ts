import { crc32c } from '../encoding/crc32c.js'

/**
 * Prometheus's head chunk files (`chunks_head/000001…`): a header (magic 0x0130BC91, version 1, three
 * bytes of padding), then one entry per full head chunk: series ref (8 bytes), mint (8), maxt (8),
 * encoding (1), data length (uvarint), data, and a CRC32C over everything before it (4), all big-endian.
 */
export const HEAD_CHUNKS_MAGIC = 0x0130bc91
/** The only head chunk file version. */
export const HEAD_CHUNKS_VERSION = 1
/** Magic (4), version (1), padding (3). */
export const HEAD_CHUNK_FILE_HEADER_SIZE = 8
/** Series ref, mint and maxt: the bytes before an entry's encoding. */
export const HEAD_CHUNK_REF_AND_TIMES_SIZE = 24
/** The largest entry overhead: 24 + encoding (1) + a 32-bit uvarint length (5) + CRC (4). */
export const MAX_HEAD_CHUNK_META_SIZE = 34
/** Prometheus's largest head chunk file; a new file starts before one would grow past it. */
export const MAX_HEAD_CHUNK_FILE_SIZE = 128 * 1024 * 1024
/** Prometheus 2.42 marks out-of-order head chunks with this bit in the encoding byte. */
export const OUT_OF_ORDER_ENCODING_FLAG = 0x80

const TWO_32 = 4294967296

/** A head chunk reference: file sequence number in the high 32 bits, byte offset of the entry in the low 32. */
export function headChunkRef(seq: number, offset: number): number {
  return seq * TWO_32 + offset
}

/** The file sequence number of a head chunk reference. */
export function headChunkRefSeq(ref: number): number {
  return Math.floor(ref / TWO_32)
}

/** The entry's byte offset in its file. */
export function headChunkRefOffset(ref: number): number {
  return ref % TWO_32
}

/** File name of head chunk file `seq` (numbered from 1): `000001`. */
export function headChunkFileName(seq: number): string {
  return String(seq).padStart(6, '0')
}

/** Bytes of the uvarint encoding of `n`. */
export function uvarintSize(n: number): number {
  let size = 1
  while (n >= 0x80) {
    n = Math.floor(n / 128)
    size++
  }
  return size
}

/** Bytes one entry takes for `dataLength` bytes of chunk data. */
export function headChunkEntrySize(dataLength: number): number {
  return HEAD_CHUNK_REF_AND_TIMES_SIZE + 1 + uvarintSize(dataLength) + dataLength + 4
}

function putInt64(buf: Buffer, at: number, v: number): void {
  const hi = Math.floor(v / TWO_32)
  buf.writeInt32BE(hi | 0, at)
  buf.writeUInt32BE(v - hi * TWO_32, at + 4)
}

/** Reads a big-endian signed 64-bit integer as a number (exact below 2^53). */
export function readInt64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4)
}

/** Encodes one entry into `buf` at `at` (the caller sized it with {@link headChunkEntrySize}); returns its end. */
export function encodeHeadChunkEntry(
  buf: Buffer,
  at: number,
  seriesRef: number,
  minT: number,
  maxT: number,
  encoding: number,
  data: Uint8Array,
): number {
  putInt64(buf, at, seriesRef)
  putInt64(buf, at + 8, minT)
  putInt64(buf, at + 16, maxT)
  let p = at + HEAD_CHUNK_REF_AND_TIMES_SIZE
  buf[p++] = encoding
  let n = data.length
  while (n >= 0x80) {
    buf[p++] = (n & 0x7f) | 0x80
    n = Math.floor(n / 128)
  }
  buf[p++] = n
  buf.set(data, p)
  p += data.length
  buf.writeUInt32BE(crc32c(buf, at, p), p)
  return p + 4
}

/**
 * One entry as parsed: where its data lies in the buffer it was parsed from. Its series ref, mint
 * and maxt are the first 24 bytes (read them with {@link readInt64}: queries do not need them).
 */
export interface HeadChunkEntry {
  encoding: number
  dataStart: number
  dataEnd: number
  /** Offset just past the entry's CRC. */
  end: number
}

/**
 * Parses the entry at `at` in `buf[.., limit)`: the entry, 'short' when the buffer ends inside it
 * (read more and retry), or a reason when it does not verify.
 */
export function parseHeadChunkEntry(
  buf: Buffer,
  at: number,
  limit: number,
): HeadChunkEntry | 'short' | string {
  let p = at + HEAD_CHUNK_REF_AND_TIMES_SIZE + 1
  if (p >= limit) return 'short'
  let len = 0
  let mul = 1
  for (;;) {
    if (p >= limit) return 'short'
    const b = buf[p++] as number
    len += (b & 0x7f) * mul
    if (b < 0x80) break
    mul *= 128
    if (mul > 2 ** 28) return 'bad data length'
  }
  const dataEnd = p + len
  if (dataEnd + 4 > limit) return 'short'
  if (crc32c(buf, at, dataEnd) !== buf.readUInt32BE(dataEnd)) return 'checksum mismatch'
  return {
    encoding: buf[at + HEAD_CHUNK_REF_AND_TIMES_SIZE] as number,
    dataStart: p,
    dataEnd,
    end: dataEnd + 4,
  }
}

/** The file header bytes. */
export function headChunkFileHeader(): Buffer {
  const b = Buffer.alloc(HEAD_CHUNK_FILE_HEADER_SIZE)
  b.writeUInt32BE(HEAD_CHUNKS_MAGIC, 0)
  b[4] = HEAD_CHUNKS_VERSION
  return b
}
