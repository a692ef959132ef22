const TWO_32 = 4294967296

/**
 * A growable big-endian byte buffer (Prometheus's Encbuf). Reused across records with `reset()`;
 * integers are JavaScript numbers and must be safe integers (|n| < 2^53).
 */
export class ByteWriter {
  /** Backing storage; only `[0, length)` is meaningful. */
  bytes: Buffer
  /** Number of bytes written. */
  length = 0

  constructor(initialCapacity = 256) {
    this.bytes = Buffer.allocUnsafe(initialCapacity)
  }

  /** Forgets the content but keeps the capacity. */
  reset(): void {
    this.length = 0
  }

  /** The written bytes as a view (valid until the next write). */
  view(): Buffer {
    return this.bytes.subarray(0, this.length)
  }

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return
    let cap = this.bytes.length * 2
    while (cap < this.length + n) cap *= 2
    const next = Buffer.allocUnsafe(cap)
    this.bytes.copy(next, 0, 0, this.length)
    this.bytes = next
  }

  /** Appends one byte. */
  putByte(b: number): void {
    this.ensure(1)
    this.bytes[this.length++] = b & 0xff
  }

  /** Appends a 32-bit unsigned big-endian integer. */
  putBE32(n: number): void {
    this.ensure(4)
    this.bytes.writeUInt32BE(n >>> 0, this.length)
    this.length += 4
  }

  /** Appends a 64-bit unsigned big-endian integer (0 ≤ n < 2^53). */
  putBE64(n: number): void {
    this.ensure(8)
    this.bytes.writeUInt32BE(Math.floor(n / TWO_32) >>> 0, this.length)
    this.bytes.writeUInt32BE(n >>> 0, this.length + 4)
    this.length += 8
  }

  /** Appends an unsigned LEB128 varint (0 ≤ n < 2^53). */
  putUvarint(n: number): void {
    this.ensure(10)
    const b = this.bytes
    let i = this.length
    while (n >= 0x80) {
      b[i++] = (n & 0x7f) | 0x80
      n = n > 0xffffffff ? Math.floor(n / 128) : n >>> 7
    }
    b[i++] = n
    this.length = i
  }

  /** Appends a zig-zag signed varint (|n| < 2^52). */
  putVarint(n: number): void {
    this.putUvarint(n >= 0 ? n * 2 : -n * 2 - 1)
  }

  /** Appends raw bytes. */
  putBytes(src: Uint8Array): void {
    this.ensure(src.length)
    this.bytes.set(src, this.length)
    this.length += src.length
  }

  /** Appends a UTF-8 string prefixed by its byte length as a uvarint. */
  putUvarintString(s: string): void {
    const len = s.length
    if (len < 0x80) {
      // Nearly every label name and value is short ASCII: copying it by hand (its length is then
      // its one-byte uvarint) costs less than two native calls; anything else takes the slow path.
      this.ensure(len + 1)
      const b = this.bytes
      const start = this.length
      let j = 0
      for (; j < len; j++) {
        const c = s.charCodeAt(j)
        if (c >= 0x80) break
        b[start + 1 + j] = c
      }
      if (j === len) {
        b[start] = len
        this.length = start + 1 + len
        return
      }
    }
    const n = Buffer.byteLength(s, 'utf8')
    this.putUvarint(n)
    this.ensure(n)
    this.bytes.write(s, this.length, n, 'utf8')
    this.length += n
  }

  /** Appends zero bytes until the length is a multiple of `alignment`. */
  padTo(alignment: number): void {
    const rem = this.length % alignment
    if (rem === 0) return
    const n = alignment - rem
    this.ensure(n)
    this.bytes.fill(0, this.length, this.length + n)
    this.length += n
  }

  /** Overwrites a 32-bit big-endian integer at `pos` (for length fields filled in afterwards). */
  setBE32(pos: number, n: number): void {
    this.bytes.writeUInt32BE(n >>> 0, pos)
  }
}
