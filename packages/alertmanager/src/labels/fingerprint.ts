import type { LabelSet } from './matcher.js'

const OFFSET_HI = 0xcbf29ce4
const OFFSET_LO = 0x84222325
const encoder = new TextEncoder()
/** Reused for the rare non-ASCII string: its UTF-8 bytes; grown when too small. */
let utf8 = new Uint8Array(256)
/** The running hash, in two 32-bit halves, module-level so the per-byte step needs no allocation. */
let hi = OFFSET_HI
let lo = OFFSET_LO

/** One FNV-1a 64 step: xor the byte in, multiply by the prime 2^40 + 0x1b3 with 32-bit halves. */
function step(byte: number): void {
  lo ^= byte
  // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
  const a = (lo & 0xffff) * 0x1b3
  const b = (lo >>> 16) * 0x1b3 + (a >>> 16)
  hi = (Math.imul(hi, 0x1b3) + ((b / 0x10000) | 0) + ((lo << 8) >>> 0)) >>> 0
  lo = (((b & 0xffff) << 16) | (a & 0xffff)) >>> 0
}

/** Hashes `text` as UTF-8: ASCII straight from the string, the rest through TextEncoder. */
function hashString(text: string): void {
  let i = 0
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) break
    step(c)
  }
  if (i === text.length) return
  const rest = text.slice(i)
  // UTF-8 needs at most 3 bytes per UTF-16 unit.
  if (utf8.length < 3 * rest.length) utf8 = new Uint8Array(3 * rest.length)
  const n = encoder.encodeInto(rest, utf8).written
  for (let j = 0; j < n; j++) step(utf8[j] as number)
}

/**
 * The original's label-set fingerprint (FNV-1a 64 over `name 0xff value 0xff` in name order) as 16 hex digits,
 * so alert fingerprints in the API and webhook payloads are the same as Alertmanager's. It runs for every
 * posted alert, so it hashes the strings in place: no byte buffer, no per-call allocation but the names.
 */
export function fingerprint(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  hi = OFFSET_HI
  lo = OFFSET_LO
  for (const name of names) {
    hashString(name)
    step(0xff)
    hashString(labels[name] as string)
    step(0xff)
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** `{a="1", b="2"}`: Prometheus's LabelSet string, used in group keys. */
export function formatLabelSet(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`
}
