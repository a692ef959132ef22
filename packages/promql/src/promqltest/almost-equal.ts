import { isStaleNaN } from '@watchfire/storage'

/** Relative tolerance promqltest allows between expected and actual floats. */
export const EPSILON = 1e-6
const MIN_NORMAL = 2.2250738585072014e-308

/**
 * Prometheus's `almost.Equal` as promqltest uses it: stale markers equal only each other, any two
 * NaNs are equal, zero must be exactly zero, otherwise a relative error below ε on |a|+|b|.
 */
export function almostEqual(a: number, b: number, epsilon = EPSILON): boolean {
  const staleA = isStaleNaN(a)
  if (staleA || isStaleNaN(b)) return staleA && isStaleNaN(b)
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  if (a === b) return true
  const absSum = Math.abs(a) + Math.abs(b)
  const diff = Math.abs(a - b)
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon
}
