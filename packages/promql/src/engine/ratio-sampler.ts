import type { Labels } from '@watchfire/model'

/**
 * Where a series falls in [0, 1) for limit_ratio: its label hash scaled down, so the same series
 * is picked at every step and `limit_ratio(r)` and `limit_ratio(r - 1)` split the set. Prometheus
 * uses a 64-bit xxhash here; ours is the 32-bit label hash, so the chosen subset differs.
 */
export function ratioSampleOffset(metric: Labels): number {
  return metric.hash() / 0x100000000
}
