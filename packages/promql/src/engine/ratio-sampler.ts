import type { Labels } from '@watchfire/model'
import { xxhash64 } from './kernels/xxhash64.js'

const SEPARATOR = 0xff
const offsets = new WeakMap<Labels, number>()
const encoder = new TextEncoder()

/**
 * Prometheus's labels.Hash: XXH64 over every label's name and value, each followed by a 0xff
 * byte, in label order.
 */
export function labelsHash(metric: Labels): bigint {
  const parts: Uint8Array[] = []
  let size = 0
  for (const text of metric.toFlat()) {
    const bytes = encoder.encode(text)
    parts.push(bytes)
    size += bytes.length + 1
  }
  const buf = new Uint8Array(size)
  let p = 0
  for (const bytes of parts) {
    buf.set(bytes, p)
    p += bytes.length
    buf[p++] = SEPARATOR
  }
  return xxhash64(buf)
}

/**
 * Where a series falls in [0, 1] for limit_ratio: its label hash as a fraction of 2^64, so the
 * same series is picked at every step, `limit_ratio(r)` and `limit_ratio(r - 1)` split the set,
 * and the choice matches Prometheus's.
 */
export function ratioSampleOffset(metric: Labels): number {
  let offset = offsets.get(metric)
  if (offset === undefined) {
    offset = Number(labelsHash(metric)) / 2 ** 64
    offsets.set(metric, offset)
  }
  return offset
}
