import type { LabelSet } from './matcher.js'

const OFFSET_HI = 0xcbf29ce4
const OFFSET_LO = 0x84222325
const encoder = new TextEncoder()
/** Reused for every call: the label set's bytes, `name 0xff value 0xff` repeated; grown when too small. */
let bytes = new Uint8Array(1024)

function ensureCapacity(needed: number, used: number): void {
  if (needed <= bytes.length) return
  const grown = new Uint8Array(Math.max(needed, bytes.length * 2))
  grown.set(bytes.subarray(0, used))
  bytes = grown
}

/** Writes `text` as UTF-8 at `at`, returns the end; ASCII inline, anything else through TextEncoder. */
function writeUtf8(text: string, at: number): number {
  let i = 0
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) break
    bytes[at + i] = c
  }
  if (i === text.length) return at + i
  return at + i + encoder.encodeInto(text.slice(i), bytes.subarray(at + i)).written
}

/**
 * The original's label-set fingerprint (FNV-1a 64 over `name 0xff value 0xff` in name order) as 16 hex digits,
 * so alert fingerprints in the API and webhook payloads are the same as Alertmanager's. It runs for every
 * posted alert and every group lookup, so it writes into one reused buffer and hashes with local halves.
 */
export function fingerprint(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  let n = 0
  for (const name of names) {
    const value = labels[name] as string
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    ensureCapacity(n + 3 * (name.length + value.length) + 2, n)
    n = writeUtf8(name, n)
    bytes[n++] = 0xff
    n = writeUtf8(value, n)
    bytes[n++] = 0xff
  }
  // 64-bit FNV-1a with two 32-bit halves: the prime is 2^40 + 0x1b3.
  let hi = OFFSET_HI
  let lo = OFFSET_LO
  for (let i = 0; i < n; i++) {
    lo ^= bytes[i] as number
    // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
    const a = (lo & 0xffff) * 0x1b3
    const b = (lo >>> 16) * 0x1b3 + (a >>> 16)
    hi = (Math.imul(hi, 0x1b3) + ((b / 0x10000) | 0) + ((lo << 8) >>> 0)) >>> 0
    lo = (((b & 0xffff) << 16) | (a & 0xffff)) >>> 0
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** `{a="1", b="2"}`: Prometheus's LabelSet string, used in group keys. */
export function formatLabelSet(labels: LabelSet): string {
  const names = Object.keys(labels).sort()
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`
}
