import type { NativeHistogram } from '@watchfire/model'
import { compactHistogram, copyHistogram } from './float-histogram.js'
import { bucketBound, bucketList, usesCustomBuckets } from './histogram-buckets.js'

/**
 * The native-histogram trim operators after Prometheus's FloatHistogram.TrimBuckets: `h </ x`
 * keeps the observations below `x`, `h >/ x` those above it. Buckets straddling `x` keep the
 * interpolated share of their count (log-linear for exponential buckets, linear for custom and
 * zero buckets), and the sum is re-estimated from bucket midpoints.
 */

/** A bucket's bounds and count, as the trim walks them. */
interface TrimBucket {
  lower: number
  upper: number
  count: number
}

/** What survives of one bucket: its kept count and the midpoint of the surviving interval. */
interface Kept {
  count: number
  midpoint: number
}

const kept: Kept = { count: 0, midpoint: 0 }

function keep(count: number, midpoint: number): Kept {
  kept.count = count
  kept.midpoint = midpoint
  return kept
}

function finiteOrZero(x: number): number {
  return Number.isFinite(x) ? x : 0
}

/** Midpoint of a surviving interval: arithmetic for linear buckets, signed geometric otherwise. */
function midpoint(lower: number, upper: number, positive: boolean, linear: boolean): number {
  if (!Number.isFinite(lower)) {
    if (!Number.isFinite(upper)) return 0
    return upper > 0 ? upper / 2 : upper
  }
  if (!Number.isFinite(upper)) return lower
  if (linear) return (lower + upper) / 2
  const geo = Math.sqrt(Math.abs(lower * upper))
  return positive ? geo : -geo
}

/** Share of a bucket's width at or below `v` (strictly inside finite bounds). */
function fractionBelow(b: TrimBucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower)
  const logLower = Math.log2(Math.abs(b.lower))
  const logUpper = Math.log2(Math.abs(b.upper))
  const logV = Math.log2(Math.abs(v))
  if (v > 0) return (logV - logLower) / (logUpper - logLower)
  return 1 - (logV - logUpper) / (logLower - logUpper)
}

/** Buckets with an infinite bound: the distribution inside is unknown, so most trims drop them. */
function trimInfiniteBucket(b: TrimBucket, x: number, upperTrim: boolean): Kept {
  if (b.lower === -Infinity) {
    if (upperTrim) {
      if (x >= b.upper) return keep(b.count, 0)
      // A finite positive upper bound only occurs with custom buckets: treat the lower bound as 0.
      if (x > 0 && b.upper > 0 && b.upper !== Infinity) return keep((b.count * x) / b.upper, x / 2)
      if (b.upper <= 0) return keep(b.count, x)
      return keep(0, finiteOrZero(b.upper))
    }
    if (x >= 0 && b.upper > x && b.upper !== Infinity)
      return keep(b.count * (1 - x / b.upper), (x + b.upper) / 2)
    return keep(0, finiteOrZero(b.upper))
  }
  if (upperTrim) return keep(0, finiteOrZero(b.lower))
  if (x >= b.lower) return keep(b.count, x)
  return keep(0, finiteOrZero(b.lower))
}

/** The kept part of a bucket that contains the trim point. */
function trimStraddling(
  b: TrimBucket,
  x: number,
  upperTrim: boolean,
  positive: boolean,
  linear: boolean,
): Kept {
  if (b.lower === -Infinity || b.upper === Infinity) return trimInfiniteBucket(b, x, upperTrim)
  let below: number
  if (x <= b.lower) below = 0
  else if (x >= b.upper) below = b.count
  else below = b.count * fractionBelow(b, x, linear)
  if (upperTrim) return keep(below, midpoint(b.lower, x, positive, linear))
  return keep(b.count - below, midpoint(x, b.upper, positive, linear))
}

/** The kept part of the zero bucket, narrowed to the side(s) that have populated buckets. */
function trimZeroBucket(
  h: NativeHistogram,
  x: number,
  hasNegative: boolean,
  hasPositive: boolean,
  upperTrim: boolean,
): Kept {
  let lower = -h.zeroThreshold
  let upper = h.zeroThreshold
  if (hasNegative && !hasPositive) upper = 0
  if (hasPositive && !hasNegative) lower = 0
  if (upperTrim) {
    if (x <= lower) return keep(0, 0)
    if (x >= upper) return keep(h.zeroCount, (lower + upper) / 2)
    return keep((h.zeroCount * (x - lower)) / (upper - lower), (lower + x) / 2)
  }
  if (x <= lower) return keep(h.zeroCount, (lower + upper) / 2)
  if (x >= upper) return keep(0, 0)
  return keep((h.zeroCount * (upper - x)) / (upper - lower), (x + upper) / 2)
}

/** Running state of one trim: new totals and whether any bucket changed. */
interface TrimState {
  count: number
  sum: number
  changed: boolean
  populated: boolean
}

/** Trims one side's buckets in place (`counts` is that side's bucket array). */
function trimSide(
  h: NativeHistogram,
  positive: boolean,
  x: number,
  upperTrim: boolean,
  state: TrimState,
): void {
  const linear = usesCustomBuckets(h)
  const spans = positive ? h.positiveSpans : h.negativeSpans
  const counts = positive ? h.positiveBuckets : h.negativeBuckets
  const list = bucketList(spans, counts)
  const b: TrimBucket = { lower: 0, upper: 0, count: 0 }
  for (let i = 0; i < list.indexes.length; i++) {
    const count = list.counts[i] as number
    if (count === 0) continue
    state.populated = true
    const index = list.indexes[i] as number
    const lo = bucketBound(index - 1, h.schema, h.customValues)
    const hi = bucketBound(index, h.schema, h.customValues)
    b.lower = positive ? lo : -hi
    b.upper = positive ? hi : -lo
    b.count = count
    const whole = upperTrim ? b.upper <= x : b.lower >= x
    const straddles = upperTrim ? b.lower < x : b.upper > x
    if (whole) {
      state.count += count
      state.sum += midpoint(b.lower, b.upper, positive, linear) * count
    } else if (straddles) {
      const k = trimStraddling(b, x, upperTrim, positive, linear)
      state.count += k.count
      state.sum += k.midpoint * k.count
      if (counts[i] !== k.count) {
        counts[i] = k.count
        state.changed = true
      }
    } else {
      counts[i] = 0
      state.changed = true
    }
  }
}

/**
 * `h </ x` (`upperTrim`) or `h >/ x`: a new histogram without the observations above (below) `x`.
 * When nothing had to be cut the histogram is returned unchanged, count and sum included.
 */
export function trimHistogram(h: NativeHistogram, x: number, upperTrim: boolean): NativeHistogram {
  const out = copyHistogram(h)
  const state: TrimState = { count: 0, sum: 0, changed: false, populated: false }
  trimSide(out, true, x, upperTrim, state)
  const hasPositive = state.populated
  state.populated = false
  trimSide(out, false, x, upperTrim, state)
  const hasNegative = state.populated
  if (out.zeroCount > 0) {
    const k = trimZeroBucket(out, x, hasNegative, hasPositive, upperTrim)
    if (out.zeroCount !== k.count) {
      out.zeroCount = k.count
      state.changed = true
    }
    state.sum += k.midpoint * k.count
    state.count += k.count
  }
  if (!state.changed) return out
  out.count = state.count
  out.sum = state.sum
  return compactHistogram(out)
}
