import type { LabelSet } from './matcher.js'

const OFFSET_HI = 0xcbf29ce4
const OFFSET_LO = 0x84222325
const encoder = new TextEncoder()
/** Reused for label sets with non-ASCII text: their UTF-8 bytes; grown when too small. */
let utf8 = new Uint8Array(256)

/** True when every UTF-16 unit of `text` is ASCII, so its UTF-8 bytes are its char codes. */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false
  return true
}

/** The slow path for label sets with non-ASCII text: the same hash over their UTF-8 bytes. */
function fingerprintUtf8(labels: LabelSet, names: readonly string[]): string {
  let size = 0
  // UTF-8 needs at most 3 bytes per UTF-16 unit, plus the separators.
  for (const name of names) size += 3 * (name.length + (labels[name] as string).length) + 2
  if (utf8.length < size) utf8 = new Uint8Array(size)
  let n = 0
  for (const name of names) {
    n += encoder.encodeInto(name, utf8.subarray(n)).written
    utf8[n++] = 0xff
    n += encoder.encodeInto(labels[name] as string, utf8.subarray(n)).written
    utf8[n++] = 0xff
  }
  let hi = OFFSET_HI
  let lo = OFFSET_LO
  for (let j = 0; j < n; j++) {
    lo ^= utf8[j] as number
    const a = (lo & 0xffff) * 0x1b3
    const b = (lo >>> 16) * 0x1b3 + (a >>> 16)
    hi = (Math.imul(hi, 0x1b3) + ((b / 0x10000) | 0) + ((lo << 8) >>> 0)) >>> 0
    lo = (((b & 0xffff) << 16) | (a & 0xffff)) >>> 0
  }
  return hex(hi, lo)
}

/** Char codes of the hex digits 0-f. */
const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

const digit = (n: number): number => HEX[n & 15] as number

/**
 * The 64-bit hash as 16 hex digits, built in one string allocation: toString(16), padStart and the
 * concatenation make five, and the result is a Map key flattened again on first use.
 */
function hex(hi: number, lo: number): string {
  return String.fromCharCode(
    digit(hi >>> 28),
    digit(hi >>> 24),
    digit(hi >>> 20),
    digit(hi >>> 16),
    digit(hi >>> 12),
    digit(hi >>> 8),
    digit(hi >>> 4),
    digit(hi),
    digit(lo >>> 28),
    digit(lo >>> 24),
    digit(lo >>> 20),
    digit(lo >>> 16),
    digit(lo >>> 12),
    digit(lo >>> 8),
    digit(lo >>> 4),
    digit(lo),
  )
}

/**
 * The original's label-set fingerprint (FNV-1a 64 over `name 0xff value 0xff` in name order) as 16 hex digits,
 * so alert fingerprints in the API and webhook payloads are the same as Alertmanager's. It runs for every
 * posted alert, so ASCII label sets (nearly all) are hashed from the strings in place, with the running hash
 * in locals (registers) rather than module state, and no allocation but the sorted names.
 */
export function fingerprint(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  for (const name of names) {
    if (!isAscii(name) || !isAscii(labels[name] as string)) return fingerprintUtf8(labels, names)
  }
  let hi = OFFSET_HI
  let lo = OFFSET_LO
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string
    const value = labels[name] as string
    // Name, 0xff, value, 0xff: one loop over both strings and the two separators.
    const total = name.length + value.length + 2
    for (let i = 0; i < total; i++) {
      const byte =
        i < name.length
          ? name.charCodeAt(i)
          : i === name.length || i === total - 1
            ? 0xff
            : value.charCodeAt(i - name.length - 1)
      lo ^= byte
      // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40), in 32-bit halves.
      const a = (lo & 0xffff) * 0x1b3
      const b = (lo >>> 16) * 0x1b3 + (a >>> 16)
      hi = (Math.imul(hi, 0x1b3) + ((b / 0x10000) | 0) + ((lo << 8) >>> 0)) >>> 0
      lo = (((b & 0xffff) << 16) | (a & 0xffff)) >>> 0
    }
  }
  return hex(hi, lo)
}

/** `{a="1", b="2"}`: Prometheus's LabelSet string, used in group keys. */
export function formatLabelSet(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`
}
