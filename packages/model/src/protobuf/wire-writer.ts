import type { WireType } from './wire-type.js'

const TWO_POW_32 = 4294967296
const utf8 = new TextEncoder()

/** How many bytes the varint encoding of a uint32 takes. */
function varint32Size(n: number): number {
  if (n < 0x80) return 1
  if (n < 0x4000) return 2
  if (n < 0x200000) return 3
  if (n < 0x10000000) return 4
  return 5
}

/**
 * An append-only protobuf encoder into one growable buffer, reusable across messages with `reset()`.
 *
 * Nested messages are written in place: `fork()` reserves one length byte and `join()` fills it in,
 * shifting the body right in the rare case the length needs more than one byte. This avoids both a
 * sizing pass and per-message buffers. Numbers are JavaScript doubles: 64-bit integer fields accept
 * integers up to 2^53 in magnitude exactly. Not safe for concurrent use (nothing in JS is, but a writer
 * must not be shared between two encodings in progress either).
 */
export class ProtoWriter {
  private buf: Uint8Array
  private view: DataView
  private pos = 0

  constructor(initialSizeBytes = 65536) {
    this.buf = new Uint8Array(Math.max(16, initialSizeBytes))
    this.view = new DataView(this.buf.buffer)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos
  }

  /** Forgets what was written but keeps the buffer, so the next encoding allocates nothing up front. */
  reset(): void {
    this.pos = 0
  }

  /** A copy of the bytes written so far; the writer can be reset and reused afterwards. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }

  private ensure(extraBytes: number): void {
    const needed = this.pos + extraBytes
    if (needed <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < needed) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  /** Writes a field tag. */
  tag(field: number, wireType: WireType): void {
    this.uint32(((field << 3) | wireType) >>> 0)
  }

  /** Writes a varint of an unsigned 32-bit integer. */
  uint32(n: number): void {
    this.ensure(5)
    const buf = this.buf
    let pos = this.pos
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    buf[pos++] = n
    this.pos = pos
  }

  /** Writes a varint of the 64-bit value `hi·2^32 + lo` (both unsigned 32-bit halves). */
  private varint64(lo: number, hi: number): void {
    this.ensure(10)
    const buf = this.buf
    let pos = this.pos
    while (hi > 0 || lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80
      lo = ((lo >>> 7) | (hi << 25)) >>> 0
      hi >>>= 7
    }
    buf[pos++] = lo
    this.pos = pos
  }

  /** Writes a uint64 varint; `n` must be a non-negative integer no larger than 2^64 - 1. */
  uint64(n: number): void {
    if (n < TWO_POW_32) this.uint32(n)
    else this.varint64(n >>> 0, Math.floor(n / TWO_POW_32) >>> 0)
  }

  /** Writes an int64 varint (two's complement, so negative values take ten bytes). */
  int64(n: number): void {
    if (n >= 0) {
      this.uint64(n)
      return
    }
    const m = -n
    let lo = m >>> 0
    let hi = Math.floor(m / TWO_POW_32) >>> 0
    lo = (~lo + 1) >>> 0
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0
    this.varint64(lo, hi)
  }

  /** Writes an int32 varint; negative values are sign-extended to ten bytes as the format requires. */
  int32(n: number): void {
    if (n >= 0) this.uint32(n)
    else this.int64(n)
  }

  /** Writes a zigzag-encoded sint32. */
  sint32(n: number): void {
    this.uint32(((n << 1) ^ (n >> 31)) >>> 0)
  }

  /** Writes a zigzag-encoded sint64; exact for integers up to 2^53 in magnitude. */
  sint64(n: number): void {
    const m = Math.abs(n)
    let lo = m >>> 0
    let hi = Math.floor(m / TWO_POW_32) >>> 0
    hi = ((hi << 1) | (lo >>> 31)) >>> 0
    lo = (lo << 1) >>> 0
    if (n < 0) {
      // zigzag(-m) = 2m - 1; m >= 1 here, so 2m >= 2 and the borrow cannot underflow.
      if (lo === 0) {
        hi = (hi - 1) >>> 0
        lo = 0xffffffff
      } else {
        lo -= 1
      }
    }
    this.varint64(lo, hi)
  }

  /** Writes a little-endian IEEE 754 double. */
  double(v: number): void {
    this.ensure(8)
    this.view.setFloat64(this.pos, v, true)
    this.pos += 8
  }

  /** Starts a length-delimited value (after its tag); pass the result to `join`. */
  fork(): number {
    this.ensure(1)
    const start = this.pos
    this.pos += 1
    return start
  }

  /** Ends the length-delimited value started at `start`, writing its length prefix. */
  join(start: number): void {
    const len = this.pos - start - 1
    if (len < 0x80) {
      this.buf[start] = len
      return
    }
    const size = varint32Size(len)
    this.ensure(size - 1)
    const buf = this.buf
    buf.copyWithin(start + size, start + 1, this.pos)
    this.pos += size - 1
    let pos = start
    let n = len
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    buf[pos] = n
  }

  /** Writes a length-prefixed UTF-8 string (after its tag). */
  string(s: string): void {
    const len = s.length
    this.ensure(len * 3 + 5)
    const start = this.fork()
    const buf = this.buf
    let pos = this.pos
    let i = 0
    // Names and label values are nearly always ASCII: copy them byte by byte, which beats encodeInto's call cost.
    for (; i < len; i++) {
      const c = s.charCodeAt(i)
      if (c >= 0x80) break
      buf[pos++] = c
    }
    if (i < len) pos += utf8.encodeInto(i === 0 ? s : s.slice(i), buf.subarray(pos)).written
    this.pos = pos
    this.join(start)
  }

  // The field helpers take a whole precomputed tag (`field << 3 | wire type`), as schemas keep them.

  /** Writes the fixed64 field `tag` unless it holds +0, the proto3 default (-0 and NaN are written). */
  doubleField(tag: number, v: number): void {
    if (v === 0 && 1 / v > 0) return
    this.uint32(tag)
    this.double(v)
  }

  /** Writes the length-delimited field `tag` unless the string is empty, the proto3 default. */
  stringField(tag: number, s: string): void {
    if (s.length === 0) return
    this.uint32(tag)
    this.string(s)
  }

  /** Writes the uint64 varint field `tag` unless it is zero, the proto3 default. */
  uint64Field(tag: number, n: number): void {
    if (n === 0) return
    this.uint32(tag)
    this.uint64(n)
  }

  /** Writes the int64 varint field `tag` unless it is zero, the proto3 default. */
  int64Field(tag: number, n: number): void {
    if (n === 0) return
    this.uint32(tag)
    this.int64(n)
  }
}
