/**
 * Zeroed bytes carved from Node's shared buffer pool (for sizes under 4 KiB): a stream then owns no
 * ArrayBuffer of its own, which would cost about 240 bytes besides its data. Every active series has
 * an open chunk, so this is a large share of a head series' memory.
 */
function zeroed(n: number): Uint8Array {
  return Buffer.allocUnsafe(n).fill(0)
}

/**
 * An append-only stream of bits, most significant bit first (Prometheus's bstream). Values wider than
 * 32 bits are passed as two uint32 halves so no BigInt is needed on the hot path.
 */
export class BitWriter {
  /** Backing storage; only `[0, byteLength())` is meaningful. */
  bytes: Uint8Array
  /** Bits written, including the header bytes reserved at construction. */
  bitLength: number
  /**
   * Go's bstream appends a fresh byte after every whole-byte write, so a stream whose last write was
   * a multiple of 8 bits ending on a byte boundary carries one extra zero byte. Chunks must match.
   */
  private endsWithByteWrite = false

  /** Starts a stream with `headerBytes` zero bytes reserved for a chunk header. */
  constructor(headerBytes = 0, capacity = 128) {
    this.bytes = zeroed(Math.max(capacity, headerBytes + 16))
    this.bitLength = headerBytes * 8
  }

  /** Bytes in use (the last one possibly partial). */
  byteLength(): number {
    const extra = this.endsWithByteWrite && (this.bitLength & 7) === 0 ? 1 : 0
    return ((this.bitLength + 7) >>> 3) + extra
  }

  /** A copy of the written bytes, trimmed to size. */
  finish(): Uint8Array {
    // Not bytes.slice(): on a pooled Buffer that is a view, and the stream may keep changing.
    const out = new Uint8Array(this.byteLength())
    out.set(this.bytes.subarray(0, out.length))
    return out
  }

  private grow(): void {
    const next = zeroed(this.bytes.length * 2 + 8)
    next.set(this.bytes)
    this.bytes = next
  }

  /** Appends one bit. */
  writeBit(bit: boolean | number): void {
    const byte = this.bitLength >>> 3
    if (byte >= this.bytes.length) this.grow()
    if (bit) (this.bytes[byte] as number) |= 0x80 >>> (this.bitLength & 7)
    this.bitLength++
    this.endsWithByteWrite = false
  }

  /** Appends the `n` (0..32) low bits of `v`, most significant first. */
  writeBits(v: number, n: number): void {
    this.put(v, n)
    this.endsWithByteWrite = n > 0 && (n & 7) === 0
  }

  /** Bytes past `bitLength` are still zero (storage only grows), so whole bytes are stored, not ORed. */
  private put(v: number, n: number): void {
    if (n === 0) return
    const pos = this.bitLength
    if (((pos + n + 7) >>> 3) + 1 > this.bytes.length) this.grow()
    const b = this.bytes
    let i = pos >>> 3
    const free = 8 - (pos & 7)
    const bits = n === 32 ? v >>> 0 : v & ((1 << n) - 1)
    this.bitLength = pos + n
    if (n <= free) {
      ;(b[i] as number) |= bits << (free - n)
      return
    }
    let rest = n - free
    ;(b[i++] as number) |= bits >>> rest
    while (rest >= 8) {
      rest -= 8
      b[i++] = bits >>> rest
    }
    if (rest > 0) b[i] = bits << (8 - rest)
  }

  /** Appends the `n` (0..64) low bits of the 64-bit value `hi:lo`. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) this.put(hi, n - 32)
    this.put(lo, n > 32 ? 32 : n)
    this.endsWithByteWrite = n > 0 && (n & 7) === 0
  }

  /** Appends a signed integer (|v| < 2^53) as `n` (33..64) bits of two's complement. */
  writeSigned64(v: number, n: number): void {
    this.writeBits64(Math.floor(v / 4294967296) >>> 0, v >>> 0, n)
  }
}
