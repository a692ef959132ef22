import type { LabelSet } from './matcher.js'

const OFFSET_HI = 0xcbf29ce4
const OFFSET_LO = 0x84222325
const encoder = new TextEncoder()

/**
 * The original's label-set fingerprint (FNV-1a 64 over `name 0xff value 0xff` in name order) as 16 hex digits,
 * so alert fingerprints in the API and webhook payloads are the same as Alertmanager's.
 */
export function fingerprint(labels: LabelSet): string {
  // 64-bit FNV-1a with two 32-bit halves: the prime is 2^40 + 0x1b3.
  let hi = OFFSET_HI
  let lo = OFFSET_LO
  const mix = (byte: number): void => {
    lo ^= byte
    // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
    const loLow = lo & 0xffff
    const loHigh = lo >>> 16
    const a = loLow * 0x1b3
    const b = loHigh * 0x1b3 + (a >>> 16)
    const newLo = ((b & 0xffff) << 16) | (a & 0xffff)
    const carry = Math.floor(b / 0x10000)
    hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0
    lo = newLo >>> 0
  }
  const names = Object.keys(labels).sort()
  for (const name of names) {
    for (const byte of encoder.encode(name)) mix(byte)
    mix(0xff)
    for (const byte of encoder.encode(labels[name] as string)) mix(byte)
    mix(0xff)
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** `{a="1", b="2"}`: Prometheus's LabelSet string, used in group keys. */
export function formatLabelSet(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`
}
