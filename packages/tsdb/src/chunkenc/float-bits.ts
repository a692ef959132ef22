/**
 * Float64 <-> two uint32 halves without BigInt, through one shared typed-array view. NaN payloads
 * (the stale marker 0x7ff0000000000002) survive because no arithmetic touches the value.
 */
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const HI = LITTLE ? 1 : 0
const LO = LITTLE ? 0 : 1

/** High 32 bits of the IEEE 754 representation of `v`. */
export function floatHi(v: number): number {
  f64[0] = v
  return u32[HI] as number
}

/** Low 32 bits of the IEEE 754 representation of the value last passed to {@link floatHi}. */
export function lastFloatLo(): number {
  return u32[LO] as number
}

/** The float64 whose bits are `hi:lo`. */
export function floatFromBits(hi: number, lo: number): number {
  u32[HI] = hi
  u32[LO] = lo
  return f64[0] as number
}

/** Number of leading zero bits of the 64-bit value `hi:lo`. */
export function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo)
}

/** Number of trailing zero bits of the 64-bit value `hi:lo` (64 for zero). */
export function ctz64(hi: number, lo: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo)
  if (hi !== 0) return 63 - Math.clz32(hi & -hi)
  return 64
}
