const TWO_32 = 4294967296

/**
 * A bounds-checked cursor over big-endian bytes (Prometheus's Decbuf). Reading past `end` throws a
 * RangeError, which file readers turn into a CorruptBlockError naming the file and section.
 */
export class ByteReader {
  /** The underlying bytes. */
  readonly bytes: Buffer
  /** Next byte to read. */
  pos: number
  /** One past the last readable byte. */
  end: number

  constructor(bytes: Buffer, start = 0, end = bytes.length) {
    this.bytes = bytes
    this.pos = start
    this.end = end
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new RangeError(`unexpected end of data at byte ${this.pos}`)
  }

  /** Reads one byte. */
  byte(): number {
    this.need(1)
    return this.bytes[this.pos++] as number
  }

  /** Reads a 32-bit unsigned big-endian integer. */
  be32(): number {
    this.need(4)
    const v = this.bytes.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }

  /** Reads a 64-bit unsigned big-endian integer; refuses values ≥ 2^53. */
  be64(): number {
    this.need(8)
    const hi = this.bytes.readUInt32BE(this.pos)
    const lo = this.bytes.readUInt32BE(this.pos + 4)
    if (hi >= 0x200000) throw new RangeError(`64-bit value too large at byte ${this.pos}`)
    this.pos += 8
    return hi * TWO_32 + lo
  }

  /** Reads an unsigned LEB128 varint; refuses values ≥ 2^53. */
  uvarint(): number {
    const b = this.bytes
    let result = 0
    let mul = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError(`unexpected end of varint at byte ${this.pos}`)
      const x = b[this.pos++] as number
      result += (x & 0x7f) * mul
      if (x < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) throw new RangeError(`varint too large at byte ${this.pos}`)
        return result
      }
      mul *= 128
    }
    throw new RangeError(`varint overflows 64 bits at byte ${this.pos}`)
  }

  /** Reads a zig-zag signed varint. */
  varint(): number {
    const u = this.uvarint()
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2
  }

  /** Reads a uvarint-length-prefixed UTF-8 string. */
  uvarintString(): string {
    const n = this.uvarint()
    this.need(n)
    const s = this.bytes.toString('utf8', this.pos, this.pos + n)
    this.pos += n
    return s
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    this.need(n)
    this.pos += n
  }
}
