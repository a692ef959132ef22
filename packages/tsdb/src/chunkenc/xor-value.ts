import type { BitReader } from './bit-reader.js'
import type { BitWriter } from './bit-writer.js'
import { clz64, ctz64 } from './float-bits.js'

/**
 * Gorilla's XOR compression of consecutive float64 bit patterns, shared by XOR chunks (values) and
 * histogram chunks (sums). The previous value is held as two uint32 halves; `leading` starts at 0xff
 * meaning "no window yet".
 */
export class XorValueState {
  hi = 0
  lo = 0
  leading = 0xff
  trailing = 0

  /** Forgets the previous value and window; a writer starts with no window (0xff), a reader with 0 like Go's. */
  reset(leading: number): void {
    this.hi = 0
    this.lo = 0
    this.leading = leading
    this.trailing = 0
  }

  /** Writes `hi:lo` XORed with the previous value and makes it the previous value. */
  write(w: BitWriter, hi: number, lo: number): void {
    const dHi = (hi ^ this.hi) >>> 0
    const dLo = (lo ^ this.lo) >>> 0
    this.hi = hi
    this.lo = lo
    if (dHi === 0 && dLo === 0) {
      w.writeBit(0)
      return
    }
    let lead = clz64(dHi, dLo)
    const trail = ctz64(dHi, dLo)
    // Five bits hold the leading-zero count, so it is clamped to 31 as Prometheus does.
    if (lead >= 32) lead = 31
    if (this.leading !== 0xff && lead >= this.leading && trail >= this.trailing) {
      w.writeBits(0b10, 2)
      writeShifted(w, dHi, dLo, this.trailing, 64 - this.leading - this.trailing)
      return
    }
    this.leading = lead
    this.trailing = trail
    const sig = 64 - lead - trail
    // Control bits 11, five bits of leading zeros, six of significant bits: 64 does not fit in six
    // bits, so it is written as 0 and read back as 64.
    w.writeBits((0b11 << 11) | (lead << 6) | (sig & 63), 13)
    writeShifted(w, dHi, dLo, trail, sig)
  }

  /** Reads one XORed value into `hi`/`lo`; the caller checks `r.overflow`; returns false on a bad pattern. */
  read(r: BitReader): boolean {
    if (r.readBit() === 0) return true
    let lead: number
    let sig: number
    if (r.readBit() === 0) {
      lead = this.leading
      sig = 64 - lead - this.trailing
    } else {
      lead = r.readBits(5)
      sig = r.readBits(6)
      if (sig === 0) sig = 64
      if (lead + sig > 64) return false
      this.leading = lead
      this.trailing = 64 - lead - sig
    }
    r.readBits64(sig)
    const t = this.trailing
    let xHi: number
    let xLo: number
    if (t === 0) {
      xHi = r.hi
      xLo = r.lo
    } else if (t >= 32) {
      xHi = r.lo << (t - 32)
      xLo = 0
    } else {
      xHi = (r.hi << t) | (r.lo >>> (32 - t))
      xLo = r.lo << t
    }
    this.hi = (this.hi ^ xHi) >>> 0
    this.lo = (this.lo ^ xLo) >>> 0
    return true
  }
}

function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, n: number): void {
  if (shift === 0) w.writeBits64(hi, lo, n)
  else if (shift >= 32) w.writeBits(hi >>> (shift - 32), n)
  else w.writeBits64(hi >>> shift, ((lo >>> shift) | (hi << (32 - shift))) >>> 0, n)
}
