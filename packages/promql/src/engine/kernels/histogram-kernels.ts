import type { NativeHistogram } from '@watchfire/model'
import { ANNOTATIONS } from './annotation-texts.js'
import { allBuckets, type Bucket, usesCustomBuckets } from './histogram-buckets.js'
import { kahanAdd, type KahanPair } from './kahan.js'
import type { AnnotationSink } from './range-types.js'

/**
 * histogram_quantile, histogram_fraction and the histogram_count/sum/avg/stddev/stdvar
 * functions, for classic (`le`-bucket) and native histograms, after Prometheus's quantile.go.
 */

/** One classic bucket: cumulative count of observations ≤ upperBound. */
export interface ClassicBucket {
  upperBound: number
  count: number
}

/** A classic quantile and whether the buckets had to be forced monotonic first. */
export interface ClassicQuantileResult {
  value: number
  /** The evaluator reports this as the "needed to be fixed for monotonicity" info. */
  forcedMonotonic: boolean
}

// Relative differences this small between neighbouring cumulative counts are float noise.
const SMALL_DELTA_TOLERANCE = 1e-12
const MIN_NORMAL = 2.2250738585072014e-308

function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  if (a === b) return true
  const absSum = Math.abs(a) + Math.abs(b)
  const diff = Math.abs(a - b)
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon
}

/** Sorted copy with buckets of equal bound merged (their counts add). */
function prepareClassic(buckets: readonly ClassicBucket[]): ClassicBucket[] {
  const sorted = buckets
    .map((b) => ({ ...b }))
    .sort((a, b) => (a.upperBound < b.upperBound ? -1 : a.upperBound > b.upperBound ? 1 : 0))
  const out: ClassicBucket[] = []
  for (const b of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && last.upperBound === b.upperBound) last.count += b.count
    else out.push(b)
  }
  return out
}

/** Raises decreasing cumulative counts to their predecessor; returns true if any was raised. */
function ensureMonotonic(buckets: ClassicBucket[]): boolean {
  let forced = false
  let prev = (buckets[0] as ClassicBucket).count
  for (let i = 1; i < buckets.length; i++) {
    const b = buckets[i] as ClassicBucket
    if (b.count === prev) continue
    if (almostEqual(prev, b.count, SMALL_DELTA_TOLERANCE)) {
      b.count = prev
      continue
    }
    if (b.count < prev) {
      b.count = prev
      forced = true
      continue
    }
    prev = b.count
  }
  return forced
}

/**
 * The φ-quantile of one classic histogram by linear interpolation inside the bucket holding the
 * rank. Needs a +Inf bucket (else NaN); q < 0 is -Inf, q > 1 is +Inf; a rank in the +Inf bucket
 * yields the highest finite bound.
 */
export function classicQuantile(q: number, input: readonly ClassicBucket[]): ClassicQuantileResult {
  if (Number.isNaN(q)) return { value: NaN, forcedMonotonic: false }
  if (q < 0) return { value: -Infinity, forcedMonotonic: false }
  if (q > 1) return { value: Infinity, forcedMonotonic: false }
  if (input.length === 0) return { value: NaN, forcedMonotonic: false }
  const buckets = prepareClassic(input)
  if ((buckets[buckets.length - 1] as ClassicBucket).upperBound !== Infinity)
    return { value: NaN, forcedMonotonic: false }
  const forcedMonotonic = ensureMonotonic(buckets)
  if (buckets.length < 2) return { value: NaN, forcedMonotonic }
  const observations = (buckets[buckets.length - 1] as ClassicBucket).count
  if (observations === 0) return { value: NaN, forcedMonotonic }
  let rank = q * observations
  let b = buckets.length - 1
  for (let i = 0; i < buckets.length - 1; i++) {
    if ((buckets[i] as ClassicBucket).count >= rank) {
      b = i
      break
    }
  }
  if (b === buckets.length - 1)
    return { value: (buckets[b - 1] as ClassicBucket).upperBound, forcedMonotonic }
  const bucket = buckets[b] as ClassicBucket
  if (b === 0 && bucket.upperBound <= 0) return { value: bucket.upperBound, forcedMonotonic }
  let start = 0
  let count = bucket.count
  if (b > 0) {
    const below = buckets[b - 1] as ClassicBucket
    start = below.upperBound
    count -= below.count
    rank -= below.count
  }
  return { value: start + (bucket.upperBound - start) * (rank / count), forcedMonotonic }
}

/** Fraction of one classic histogram's observations in [lower, upper], interpolating linearly within buckets. */
export function classicFraction(lower: number, upper: number, input: readonly ClassicBucket[]): number {
  if (input.length === 0) return NaN
  const buckets = prepareClassic(input)
  if ((buckets[buckets.length - 1] as ClassicBucket).upperBound !== Infinity) return NaN
  const count = (buckets[buckets.length - 1] as ClassicBucket).count
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN
  if (lower >= upper) return 0
  let rank = 0
  let lowerRank = 0
  let upperRank = 0
  let lowerSet = false
  let upperSet = false
  let lowerBound = (buckets[0] as ClassicBucket).upperBound <= 0 ? -Infinity : 0
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as ClassicBucket
    if (i > 0) lowerBound = (buckets[i - 1] as ClassicBucket).upperBound
    const upperBound = b.upperBound
    const interpolate = (v: number): number =>
      lowerBound === -Infinity
        ? b.count
        : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound)
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank
      lowerSet = true
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank
      upperSet = true
    }
    if (lowerSet && upperSet) break
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower)
      lowerSet = true
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper)
      upperSet = true
    }
    if (lowerSet && upperSet) break
    rank = b.count
  }
  if (!lowerSet || lowerRank > count) lowerRank = count
  if (!upperSet || upperRank > count) upperRank = count
  return (upperRank - lowerRank) / count
}

/** The zero bucket of an exponential histogram is clipped at 0 when only one side has buckets. */
function clipZeroBucket(h: NativeHistogram, b: Bucket): void {
  if (h.negativeBuckets.length === 0 && h.positiveBuckets.length > 0) b.lower = 0
  else if (h.positiveBuckets.length === 0 && h.negativeBuckets.length > 0) b.upper = 0
}

/**
 * The φ-quantile of a native histogram: exponential buckets interpolate on a log scale, the zero
 * bucket and custom buckets linearly. q ≥ 0.5 walks from the top (better precision there) unless
 * the sum is NaN, which signals NaN observations (they sort above everything).
 */
export function nativeQuantile(
  q: number,
  h: NativeHistogram,
  metricName: string,
  annotations: AnnotationSink,
): number {
  if (q < 0) return -Infinity
  if (q > 1) return Infinity
  if (h.count === 0 || Number.isNaN(q)) return NaN
  const nanSum = Number.isNaN(h.sum)
  const forward = nanSum || q < 0.5
  const buckets = allBuckets(h)
  if (!forward) buckets.reverse()
  let rank = forward ? q * h.count : (1 - q) * h.count
  let count = 0
  let bucket: Bucket = { lower: 0, upper: 0, count: 0 }
  let k = 0
  for (; k < buckets.length; k++) {
    bucket = { ...(buckets[k] as Bucket) }
    if (bucket.count === 0) continue
    count += bucket.count
    if (count >= rank) break
  }
  const custom = usesCustomBuckets(h)
  if (!custom && bucket.lower < 0 && bucket.upper > 0) clipZeroBucket(h, bucket)
  else if (custom) {
    if (bucket.lower === -Infinity) {
      if (bucket.upper <= 0) return bucket.upper
      bucket.lower = 0
    } else if (bucket.upper === Infinity) return bucket.lower
  }
  if (count > h.count) count = h.count
  if (count < rank) {
    if (nanSum) {
      annotations.info(ANNOTATIONS.quantileNaNResult(metricName))
      return NaN
    }
    return bucket.upper
  }
  if (forward) rank -= count - bucket.count
  else rank = count - rank
  if (nanSum) {
    for (k++; k < buckets.length; k++) count += (buckets[k] as Bucket).count
    if (count < h.count) annotations.info(ANNOTATIONS.quantileNaNSkew(metricName))
  }
  const fraction = rank / bucket.count
  if (custom || (bucket.lower <= 0 && bucket.upper >= 0))
    return bucket.lower + (bucket.upper - bucket.lower) * fraction
  const logLower = Math.log2(Math.abs(bucket.lower))
  const logUpper = Math.log2(Math.abs(bucket.upper))
  if (bucket.lower > 0) return 2 ** (logLower + (logUpper - logLower) * fraction)
  return -(2 ** (logUpper + (logLower - logUpper) * (1 - fraction)))
}

/** Share of bucket `b` below `v`: linear, or on a log2 scale for exponential buckets. */
function fractionBelow(b: Bucket, v: number, linear: boolean): number {
  if (linear) return (v - b.lower) / (b.upper - b.lower)
  const logLower = Math.log2(Math.abs(b.lower))
  const logUpper = Math.log2(Math.abs(b.upper))
  const logV = Math.log2(Math.abs(v))
  if (v > 0) return (logV - logLower) / (logUpper - logLower)
  return 1 - (logV - logUpper) / (logLower - logUpper)
}

/** Estimated fraction of a native histogram's observations between lower and upper. */
export function nativeFraction(
  lower: number,
  upper: number,
  h: NativeHistogram,
  metricName: string,
  annotations: AnnotationSink,
): number {
  if (h.count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN
  if (lower >= upper) return 0
  const custom = usesCustomBuckets(h)
  const buckets = allBuckets(h)
  let count = 0
  let rank = 0
  let lowerRank = 0
  let upperRank = 0
  let lowerSet = false
  let upperSet = false
  let k = 0
  for (; k < buckets.length; k++) {
    const b = { ...(buckets[k] as Bucket) }
    count += b.count
    let zeroBucket = false
    if (b.lower <= 0 && b.upper >= 0) {
      zeroBucket = true
      clipZeroBucket(h, b)
    }
    const linear = custom || zeroBucket
    const interpolate = (v: number): number =>
      linear && b.lower === -Infinity ? b.count : rank + b.count * fractionBelow(b, v, linear)
    if (!lowerSet && b.lower >= lower) {
      lowerRank = rank
      lowerSet = true
    }
    if (!upperSet && b.lower >= upper) {
      upperRank = rank
      upperSet = true
    }
    if (lowerSet && upperSet) break
    if (!lowerSet && b.lower < lower && b.upper > lower) {
      lowerRank = interpolate(lower)
      lowerSet = true
    }
    if (!upperSet && b.lower < upper && b.upper > upper) {
      upperRank = interpolate(upper)
      upperSet = true
    }
    if (lowerSet && upperSet) break
    rank += b.count
  }
  if (Number.isNaN(h.sum)) {
    for (k++; k < buckets.length; k++) count += (buckets[k] as Bucket).count
    if (count < h.count) annotations.info(ANNOTATIONS.fractionNaNs(metricName))
  } else count = h.count
  if (!lowerSet || lowerRank > count) lowerRank = count
  if (!upperSet || upperRank > count) upperRank = count
  return (upperRank - lowerRank) / h.count
}

/** histogram_count. */
export function histogramCount(h: NativeHistogram): number {
  return h.count
}

/** histogram_sum. */
export function histogramSum(h: NativeHistogram): number {
  return h.sum
}

/** histogram_avg: sum / count. */
export function histogramAvg(h: NativeHistogram): number {
  return h.sum / h.count
}

/**
 * histogram_stdvar: each bucket's observations sit at its geometric mean (exponential buckets),
 * arithmetic mean (custom buckets) or 0 (zero bucket).
 */
export function histogramStdvar(h: NativeHistogram): number {
  const mean = h.sum / h.count
  const custom = usesCustomBuckets(h)
  const acc: KahanPair = { sum: 0, c: 0 }
  for (const b of allBuckets(h)) {
    if (b.count === 0) continue
    let v: number
    if (custom) v = (b.upper + b.lower) / 2
    else if (b.lower <= 0 && b.upper >= 0) v = 0
    else {
      v = Math.sqrt(b.upper * b.lower)
      if (b.upper < 0) v = -v
    }
    const delta = v - mean
    kahanAdd(acc, b.count * delta * delta)
  }
  return (acc.sum + acc.c) / h.count
}

/** histogram_stddev: the square root of {@link histogramStdvar}. */
export function histogramStddev(h: NativeHistogram): number {
  return Math.sqrt(histogramStdvar(h))
}
