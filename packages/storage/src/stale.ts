/**
 * Prometheus's stale marker: a NaN with the payload `0x7ff0000000000002`, written when a series
 * disappears so queries stop returning it before the lookback window runs out. Any other NaN is an
 * ordinary value. Float64Array storage keeps the payload; arithmetic does not, so compare bits
 * with {@link isStaleNaN}, never with `Number.isNaN` alone.
 */
const words = new Uint32Array(2)
const double = new Float64Array(words.buffer)
const STALE_HIGH = 0x7ff00000
const STALE_LOW = 0x00000002
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const HI = littleEndian ? 1 : 0
const LO = littleEndian ? 0 : 1

words[HI] = STALE_HIGH
words[LO] = STALE_LOW

/** The stale-marker NaN (bit pattern `0x7ff0000000000002`). */
export const STALE_NAN: number = double[0] as number

/** True if `v` carries exactly the stale-marker bit pattern. */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false
  double[0] = v
  return words[HI] === STALE_HIGH && words[LO] === STALE_LOW
}
