import type { Labels } from '@watchfire/model'

const FNV64_OFFSET = 0xcbf29ce484222325n
const NS_PER_MS = 1_000_000
const encoder = new TextEncoder()

/**
 * The 64-bit FNV-1a hash of `text`'s UTF-8 bytes, continuing from `seed` (the FNV offset basis by
 * default). Computed on two 32-bit halves: the prime is 2^40 + 0x1b3, so a multiply is the low half
 * times 0x1b3 with its carry, plus the high half times 0x1b3 and the low half shifted up by 40 bits.
 */
export function fnv1a64(text: string, seed: bigint = FNV64_OFFSET): bigint {
  let hi = Number(seed >> 32n)
  let lo = Number(seed & 0xffffffffn)
  for (const byte of encoder.encode(text)) {
    const x = (lo ^ byte) >>> 0
    const wide = x * 0x1b3
    hi = (Math.imul(hi, 0x1b3) + (x << 8) + Math.floor(wide / 0x100000000)) >>> 0
    lo = wide >>> 0
  }
  return (BigInt(hi) << 32n) | BigInt(lo)
}

/**
 * A 64-bit hash of a label set over `name 0xff value 0xff …`, the byte stream Prometheus hashes
 * (it uses xxHash; any well-spread 64-bit hash serves, since only the spread matters).
 */
export function labelsHash64(labels: Labels): bigint {
  let text = ''
  labels.forEach((name, value) => {
    text += `${name}\xff${value}\xff`
  })
  return fnv1a64(text)
}

/**
 * A target's identity hash as Prometheus 2.42's `Target.hash`: FNV-1a 64 over the label hash printed
 * as a zero-padded decimal, followed by the scrape URL.
 */
export function targetHash64(labels: Labels, url: string): bigint {
  return fnv1a64(url, fnv1a64(labelsHash64(labels).toString().padStart(16, '0')))
}

/**
 * The per-server seed mixed into every target's slot, as Prometheus's scrape manager derives it:
 * FNV-1a 64 over the host name followed by the external labels, so two servers scraping the same
 * targets spread their scrapes differently.
 */
export function offsetSeedOf(hostname: string, externalLabels: Labels): bigint {
  return fnv1a64(`${hostname}${externalLabels.toString()}`)
}

/** Where in the interval (nanoseconds from an interval boundary) a target with hash `hash` is scraped. */
export function scrapeSlotNs(hash: bigint, seed: bigint, intervalMs: number): number {
  return Number((hash ^ seed) % BigInt(intervalMs * NS_PER_MS))
}

/**
 * Milliseconds from `nowMs` to the target's next slot, by Prometheus's formula: the time to the next
 * interval boundary plus the slot, less one interval when that overshoots. The result lies in
 * (0, interval]: a target whose slot is now waits a whole interval, as in Prometheus.
 */
export function scrapeOffsetMs(slotNs: number, intervalMs: number, nowMs: number): number {
  const intervalNs = intervalMs * NS_PER_MS
  // Milliseconds times 1e6 exceed 2^53 for today's clock, so the remainder is taken in milliseconds.
  const base = intervalNs - (nowMs % intervalMs) * NS_PER_MS
  let next = base + slotNs
  if (next > intervalNs) next -= intervalNs
  // Rounded up to whole milliseconds, the resolution of timers and sample timestamps.
  return Math.ceil(next / NS_PER_MS)
}
