import type { BitReader } from './bit-reader.js'
import type { BitWriter } from './bit-writer.js'

/**
 * Prometheus's variable-bit-width integers for histogram chunks: a unary prefix of up to eight
 * `1` bits picks one of the widths 0, 3, 6, 9, 12, 18, 25, 56 or 64. Values are safe integers.
 */
const WIDTHS = [0, 3, 6, 9, 12, 18, 25, 56, 64] as const

/** Writes a signed integer (|v| < 2^53). */
export function putVarbitInt(w: BitWriter, v: number): void {
  if (v === 0) {
    w.writeBit(0)
    return
  }
  for (let i = 1; i < 8; i++) {
    const sz = WIDTHS[i] as number
    const half = 2 ** (sz - 1)
    if (v >= -(half - 1) && v <= half) {
      w.writeBits((0xff >>> (8 - i - 1)) ^ 1, i + 1) // i ones then a zero
      if (sz <= 25) w.writeBits(v & ((1 << sz) - 1), sz)
      else w.writeSigned64(v, sz)
      return
    }
  }
  w.writeBits(0xff, 8)
  w.writeSigned64(v, 64)
}

/** Writes an unsigned integer (0 ≤ v < 2^53). */
export function putVarbitUint(w: BitWriter, v: number): void {
  if (v === 0) {
    w.writeBit(0)
    return
  }
  for (let i = 1; i < 8; i++) {
    const sz = WIDTHS[i] as number
    if (v < 2 ** sz) {
      w.writeBits((0xff >>> (8 - i - 1)) ^ 1, i + 1)
      if (sz <= 25) w.writeBits(v, sz)
      else w.writeSigned64(v, sz)
      return
    }
  }
  w.writeBits(0xff, 8)
  w.writeSigned64(v, 64)
}

function readPrefix(r: BitReader): number {
  let i = 0
  while (i < 8 && r.readBit() === 1) i++
  return i
}

/** Reads a value written by {@link putVarbitInt}; the caller checks `r.overflow`. */
export function readVarbitInt(r: BitReader): number {
  const i = readPrefix(r)
  if (i === 0) return 0
  if (i === 8) return r.readSigned64()
  const sz = WIDTHS[i] as number
  if (sz <= 25) {
    const v = r.readBits(sz)
    const half = 1 << (sz - 1)
    return v > half ? v - 2 * half : v
  }
  // 56 bits: sign-extend the high 24 bits first so the result stays exact.
  r.readBits64(sz)
  let hi = r.hi
  if (hi > 0x800000 || (hi === 0x800000 && r.lo > 0)) hi -= 0x1000000
  return hi * 4294967296 + r.lo
}

/** Reads a value written by {@link putVarbitUint}; the caller checks `r.overflow`. */
export function readVarbitUint(r: BitReader): number {
  const i = readPrefix(r)
  if (i === 0) return 0
  const sz = WIDTHS[i] as number
  if (sz <= 25) return r.readBits(sz)
  r.readBits64(sz)
  return r.hi * 4294967296 + r.lo
}
