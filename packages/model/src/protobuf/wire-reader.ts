import { ParseError } from '../errors.js'
import { WireType } from './wire-type.js'

const TWO_POW_32 = 4294967296
const MAX_CACHED_LENGTH = 32
const CACHE_SLOTS = 1024
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * A bounds-checked protobuf decoder over one byte array.
 *
 * Every read stays within the current `limit`, which `enter()`/`leave()` narrow to one length-delimited
 * value and restore, so a nested message can never read past its parent. Any malformed input throws a
 * `ParseError` at line 1, column = byte offset + 1, naming the byte offset in its message. 64-bit integers
 * come back as doubles: exact up to 2^53 in magnitude, rounded beyond.
 */
export class ProtoReader {
  /** The current read offset. */
  pos = 0
  /** Where the value being read ends: the end of the input or of the enclosing length-delimited value. */
  limit: number
  private readonly buf: Uint8Array
  private readonly view: DataView
  private readonly what: string
  // The halves of the last 64-bit varint, kept in fields so reading one allocates nothing.
  private lo = 0
  private hi = 0
  private readonly cache = new Array<string | undefined>(CACHE_SLOTS)

  /** `what` names the input in error messages, e.g. "protobuf MetricFamily". */
  constructor(bytes: Uint8Array, what: string) {
    this.buf = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.limit = bytes.length
    this.what = what
  }

  /** Throws a ParseError located at `offset` (default: the current position). */
  fail(problem: string, offset: number = this.pos): never {
    throw new ParseError(`cannot decode ${this.what}: ${problem} at byte offset ${offset}`, {
      line: 1,
      column: offset + 1,
    })
  }

  /** True while unread bytes remain before the current limit. */
  more(): boolean {
    return this.pos < this.limit
  }

  /** Reads a field tag; rejects field number 0, which no message may use. */
  tag(): number {
    const at = this.pos
    const tag = this.uint32()
    if (tag >>> 3 === 0) this.fail('field number 0', at)
    return tag
  }

  private varint(): void {
    const buf = this.buf
    const start = this.pos
    // One-byte fast path: most tags, lengths and small counts.
    if (start < this.limit && (buf[start] as number) < 0x80) {
      this.lo = buf[start] as number
      this.hi = 0
      this.pos = start + 1
      return
    }
    let pos = start
    let lo = 0
    let hi = 0
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= this.limit) this.fail('truncated varint', start)
      const b = buf[pos++] as number
      if (shift < 28) lo |= (b & 0x7f) << shift
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28
        hi |= (b & 0x7f) >> 4
      } else if (shift < 63) hi |= (b & 0x7f) << (shift - 32)
      else if (b > 1) this.fail('varint overflows 64 bits', start)
      else hi |= b << 31
      if (b < 0x80) {
        this.pos = pos
        this.lo = lo >>> 0
        this.hi = hi >>> 0
        return
      }
    }
  }

  /** Reads a varint and keeps its low 32 bits, as uint32 fields and tags do. */
  uint32(): number {
    this.varint()
    return this.lo
  }

  /** Reads a uint64 varint. */
  uint64(): number {
    this.varint()
    return this.hi * TWO_POW_32 + this.lo
  }

  /** Reads an int64 varint (two's complement). */
  int64(): number {
    this.varint()
    if ((this.hi & 0x80000000) === 0) return this.hi * TWO_POW_32 + this.lo
    const lo = (~this.lo + 1) >>> 0
    const hi = (~this.hi + (lo === 0 ? 1 : 0)) >>> 0
    return -(hi * TWO_POW_32 + lo)
  }

  /** Reads an int32 varint (negative values arrive sign-extended to ten bytes). */
  int32(): number {
    this.varint()
    return this.lo | 0
  }

  /** Reads a zigzag-encoded sint32. */
  sint32(): number {
    const n = this.uint32()
    return (n >>> 1) ^ -(n & 1)
  }

  /** Reads a zigzag-encoded sint64. */
  sint64(): number {
    this.varint()
    const lo = this.lo
    const hi = this.hi
    const magnitude = (hi >>> 1) * TWO_POW_32 + (((lo >>> 1) | (hi << 31)) >>> 0)
    return (lo & 1) === 0 ? magnitude : -(magnitude + 1)
  }

  /** Reads a little-endian IEEE 754 double. */
  double(): number {
    if (this.pos + 8 > this.limit) this.fail('truncated double')
    const v = this.view.getFloat64(this.pos, true)
    this.pos += 8
    return v
  }

  /** Reads the length of a length-delimited value and returns the offset where it ends, checked against the limit. */
  private lengthEnd(): number {
    const at = this.pos
    const len = this.uint64()
    if (len > this.limit - this.pos) this.fail(`length ${len} runs past the end of its message`, at)
    return this.pos + len
  }

  /**
   * Reads a length prefix and narrows the limit to the value it announces; returns the previous limit
   * for `leave`.
   */
  enter(): number {
    const end = this.lengthEnd()
    const previous = this.limit
    this.limit = end
    return previous
  }

  /** Restores the limit saved by `enter`, once the nested value has been read to its end. */
  leave(previous: number): void {
    this.limit = previous
  }

  /**
   * Reads a length-prefixed UTF-8 string, rejecting invalid UTF-8 as proto3 requires. Short ASCII strings
   * go through a small cache: label names and many values repeat on every metric, and handing back the
   * same string saves both the decoding and the garbage.
   */
  string(): string {
    const end = this.lengthEnd()
    const start = this.pos
    const buf = this.buf
    const len = end - start
    if (len <= MAX_CACHED_LENGTH) {
      let hash = len
      let i = start
      for (; i < end; i++) {
        const c = buf[i] as number
        if (c >= 0x80) break
        hash = Math.imul(hash ^ c, 0x01000193)
      }
      if (i === end) {
        const slot = (hash ^ (hash >>> 15)) & (CACHE_SLOTS - 1)
        const cached = this.cache[slot]
        if (cached !== undefined && cached.length === len) {
          let j = 0
          while (j < len && cached.charCodeAt(j) === buf[start + j]) j++
          if (j === len) {
            this.pos = end
            return cached
          }
        }
        const s = utf8.decode(buf.subarray(start, end))
        this.cache[slot] = s
        this.pos = end
        return s
      }
    }
    try {
      const s = utf8.decode(buf.subarray(start, end))
      this.pos = end
      return s
    } catch {
      return this.fail('invalid UTF-8 in string', start)
    }
  }

  /** Skips the value of a field with wire type `wireType` whose tag was just read. */
  skip(tag: number): void {
    const wireType = tag & 7
    const at = this.pos
    switch (wireType) {
      case WireType.varint:
        this.varint()
        return
      case WireType.fixed64:
        if (this.pos + 8 > this.limit) this.fail('truncated fixed64', at)
        this.pos += 8
        return
      case WireType.lengthDelimited:
        this.pos = this.lengthEnd()
        return
      case WireType.fixed32:
        if (this.pos + 4 > this.limit) this.fail('truncated fixed32', at)
        this.pos += 4
        return
      case WireType.startGroup:
        this.skipGroup(tag >>> 3)
        return
      case WireType.endGroup:
        return this.fail('unexpected end-group tag', at)
      default:
        return this.fail(`invalid wire type ${wireType}`, at)
    }
  }

  private skipGroup(field: number): void {
    const start = this.pos
    while (this.more()) {
      const tag = this.tag()
      if ((tag & 7) === WireType.endGroup) {
        if (tag >>> 3 !== field)
          this.fail(`end-group tag for field ${tag >>> 3} inside group ${field}`, start)
        return
      }
      this.skip(tag)
    }
    this.fail(`unterminated group for field ${field}`, start)
  }
}
