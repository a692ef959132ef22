/**
 * Whole-chunk XOR decoding into caller-owned columns. One tight loop over the bytes with the bit
 * position in a local beats a sample-at-a-time iterator several times over: no calls per bit, and
 * values are written as their two 32-bit halves straight into the value column's memory.
 */

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const HI = LITTLE ? 1 : 0
const LO = LITTLE ? 0 : 1
const TWO_32 = 4294967296

/** Decoded columns of one chunk; grown on demand and reused across chunks by their owner. */
export class XorColumns {
  /** Timestamps in ms. */
  ts = new Float64Array(0)
  /** Values; NaN payloads (the stale marker) are preserved bit for bit. */
  vs = new Float64Array(0)
  /** The same memory as `vs`, as 32-bit halves. */
  private vsWords = new Uint32Array(0)
  /** Samples decoded by the last {@link decode}. */
  n = 0
  /** Samples the chunk header announced. */
  total = 0

  /**
   * Decodes the chunk `b[start, end)` (2-byte sample count first). Returns false when the bits end
   * or turn invalid before every announced sample was read; `n` then counts the good ones.
   */
  decode(b: Uint8Array, start: number, end: number): boolean {
    this.n = 0
    if (end - start < 2) {
      this.total = 0
      return false
    }
    const total = ((b[start] as number) << 8) | (b[start + 1] as number)
    this.total = total
    if (this.ts.length < total) this.grow(total)
    const ts = this.ts
    const words = this.vsWords
    const endBit = end * 8
    let pos = (start + 2) * 8
    if (total === 0) return true
    // First sample: zig-zag varint timestamp, then the raw 64-bit value.
    let u = 0
    let mul = 1
    for (let k = 0; ; k++) {
      if (k === 10) return false
      const x = bits(b, pos, 8)
      pos += 8
      u += (x & 0x7f) * mul
      if (x < 0x80) break
      mul *= 128
    }
    let t = u % 2 === 0 ? u / 2 : -(u + 1) / 2
    let hi = bits(b, pos, 32) >>> 0
    let lo = bits(b, pos + 32, 32) >>> 0
    pos += 64
    if (pos > endBit) return false
    ts[0] = t
    words[HI] = hi
    words[LO] = lo
    this.n = 1
    if (total === 1) return true
    // Second sample: the first delta as a varint.
    u = 0
    mul = 1
    for (let k = 0; ; k++) {
      if (k === 10) return false
      const x = bits(b, pos, 8)
      pos += 8
      u += (x & 0x7f) * mul
      if (x < 0x80) break
      mul *= 128
    }
    let tDelta = u
    let leading = 0
    let trailing = 0
    for (let i = 1; i < total; i++) {
      if (i > 1) {
        // Delta of delta: 0, 10+14 bits, 110+17, 1110+20 or 1111+64 bits, read from one 32-bit window.
        const w = bits32(b, pos)
        if (w >= 0) pos += 1
        else if ((w & 0x40000000) === 0) {
          let dod = (w >>> 16) & 0x3fff
          pos += 16
          if (dod > 8192) dod -= 16384
          tDelta += dod
        } else if ((w & 0x20000000) === 0) {
          let dod = (w >>> 12) & 0x1ffff
          pos += 20
          if (dod > 65536) dod -= 131072
          tDelta += dod
        } else if ((w & 0x10000000) === 0) {
          let dod = (w >>> 8) & 0xfffff
          pos += 24
          if (dod > 524288) dod -= 1048576
          tDelta += dod
        } else {
          tDelta += (bits(b, pos + 4, 32) | 0) * TWO_32 + (bits(b, pos + 36, 32) >>> 0)
          pos += 68
        }
      }
      t += tDelta
      // Value: 0 = same as before; 10 = XOR inside the previous window; 11 = new window.
      const w = bits32(b, pos)
      if (w >= 0) pos += 1
      else {
        let sig: number
        if ((w & 0x40000000) === 0) {
          pos += 2
          sig = 64 - leading - trailing
        } else {
          leading = (w >>> 25) & 31
          sig = (w >>> 19) & 63
          pos += 13
          if (sig === 0) sig = 64
          if (leading + sig > 64) return this.failAt(i)
          trailing = 64 - leading - sig
        }
        let xHi = 0
        let xLo: number
        if (sig > 32) {
          xHi = bits32(b, pos) >>> (64 - sig)
          xLo = bits32(b, pos + sig - 32)
        } else xLo = bits32(b, pos) >>> (32 - sig)
        pos += sig
        if (trailing >= 32) {
          xHi = xLo << (trailing - 32)
          xLo = 0
        } else if (trailing > 0) {
          xHi = (xHi << trailing) | (xLo >>> (32 - trailing))
          xLo = xLo << trailing
        }
        hi = (hi ^ xHi) >>> 0
        lo = (lo ^ xLo) >>> 0
      }
      if (pos > endBit) return this.failAt(i)
      ts[i] = t
      words[2 * i + HI] = hi
      words[2 * i + LO] = lo
    }
    this.n = total
    return true
  }

  private failAt(good: number): boolean {
    this.n = good
    return false
  }

  private grow(total: number): void {
    const size = Math.max(128, total)
    this.ts = new Float64Array(size)
    this.vs = new Float64Array(size)
    this.vsWords = new Uint32Array(this.vs.buffer)
  }
}

/** The 32 bits from bit position `pos` as an int32 (the first bit is the sign bit). */
function bits32(b: Uint8Array, pos: number): number {
  const i = pos >>> 3
  const off = pos & 7
  const w =
    ((b[i] as number) << 24) |
    ((b[i + 1] as number) << 16) |
    ((b[i + 2] as number) << 8) |
    (b[i + 3] as number)
  return off === 0 ? w : (w << off) | ((b[i + 4] as number) >>> (8 - off))
}

/**
 * `n` (1..32) bits at bit position `pos` as a number (signed when n is 32: callers fix the sign).
 * Bytes past the array read as undefined, which the bit operators turn into zeros.
 */
function bits(b: Uint8Array, pos: number, n: number): number {
  const i = pos >>> 3
  const off = pos & 7
  const w =
    ((b[i] as number) << 24) |
    ((b[i + 1] as number) << 16) |
    ((b[i + 2] as number) << 8) |
    (b[i + 3] as number)
  if (off + n <= 32) return (w << off) >>> (32 - n)
  return ((w << off) >>> (32 - n)) | ((b[i + 4] as number) >>> (40 - off - n))
}
