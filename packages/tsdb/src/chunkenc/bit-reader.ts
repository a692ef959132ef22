/**
 * Reads a bit stream written by {@link BitWriter}. Reading past the end returns zeros and sets
 * `overflow`, which iterators check once per sample instead of paying for exceptions per bit.
 */
export class BitReader {
  private bytes: Uint8Array = new Uint8Array(0)
  private pos = 0
  private endBit = 0
  /** Set when a read ran past the end of the stream. */
  overflow = false
  /** High half of the last {@link readBits64} result. */
  hi = 0
  /** Low half of the last {@link readBits64} result. */
  lo = 0

  /** Points the reader at `bytes[startByte, endByte)` and clears state; the reader keeps no copy. */
  reset(bytes: Uint8Array, startByte: number, endByte: number): void {
    this.bytes = bytes
    this.pos = startByte * 8
    this.endBit = endByte * 8
    this.overflow = false
  }

  /** Bits not yet read. */
  remainingBits(): number {
    return this.endBit - this.pos
  }

  /** Reads one bit as 0 or 1. */
  readBit(): number {
    const pos = this.pos
    if (pos >= this.endBit) {
      this.overflow = true
      return 0
    }
    this.pos = pos + 1
    return ((this.bytes[pos >>> 3] as number) >>> (7 - (pos & 7))) & 1
  }

  /** Reads `n` (1..32) bits as an unsigned number. */
  readBits(n: number): number {
    const pos = this.pos
    if (pos + n > this.endBit) {
      this.overflow = true
      this.pos = this.endBit
      return 0
    }
    this.pos = pos + n
    const b = this.bytes
    const i = pos >>> 3
    const off = pos & 7
    // Bytes past the end of the array read as undefined, which bit operators treat as 0; they are masked off.
    const w =
      ((b[i] as number) << 24) |
      ((b[i + 1] as number) << 16) |
      ((b[i + 2] as number) << 8) |
      (b[i + 3] as number)
    if (off + n <= 32) return ((w << off) >>> (32 - n)) >>> 0
    return (((w << off) >>> (32 - n)) | ((b[i + 4] as number) >>> (40 - off - n))) >>> 0
  }

  /** Reads `n` (0..64) bits into {@link hi}:{@link lo}. */
  readBits64(n: number): void {
    if (n > 32) {
      this.hi = this.readBits(n - 32)
      this.lo = this.readBits(32)
    } else {
      this.hi = 0
      this.lo = n === 0 ? 0 : this.readBits(n)
    }
  }

  /** Reads 64 bits of two's complement as a signed number (exact while |v| < 2^53). */
  readSigned64(): number {
    this.readBits64(64)
    return (this.hi | 0) * 4294967296 + this.lo
  }

  /** Reads one whole byte (8 bits at the current, possibly unaligned, position). */
  readByte(): number {
    return this.readBits(8)
  }
}
