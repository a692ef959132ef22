import type { NativeHistogram } from '@watchfire/model'
import type { FPoint, HPoint } from '../../value.js'
import { ANNOTATIONS } from './annotation-texts.js'
import { detectHistogramReset } from './counter-reset.js'
import {
  addHistograms,
  compactHistogram,
  copyHistogram,
  divideHistogram,
  IncompatibleHistogramSchemaError,
  scaleHistogram,
} from './float-histogram.js'
import { usesCustomBuckets } from './histogram-buckets.js'
import type { AnnotationSink, RangeInput, RangeOutput } from './range-types.js'

/**
 * rate, increase and delta over `anchored` and `smoothed` range selectors (Prometheus's
 * extendedRate / extendedHistogramRate). The input holds the window widened by the lookback
 * delta (backwards; smoothed also forwards), while `windowStartMs..windowEndMs` is the range
 * proper. Anchored takes the last sample at or before the range start as the left value;
 * smoothed interpolates both boundary values between their neighbouring samples. Nothing is
 * extrapolated.
 */

/** Index of the first of `points[0..n)` with `t > bound` (or `t >= bound` when `inclusive`), else n. */
function search(points: readonly { t: number }[], n: number, bound: number, inclusive: boolean): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const t = (points[mid] as { t: number }).t
    if (inclusive ? t >= bound : t > bound) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Index of the first of `ft[from..to)` with `t > bound` (or `t >= bound` when `inclusive`), else `to`. */
function searchColumn(ft: Float64Array, from: number, to: number, bound: number, inclusive: boolean): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const t = ft[mid] as number
    if (inclusive ? t >= bound : t > bound) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The boundary sample indexes: first (last at or before the range start) and last; null when empty. */
function boundaries(
  points: readonly { t: number }[],
  start: number,
  end: number,
  smoothed: boolean,
): { first: number; last: number } | null {
  let last = points.length - 1
  const first = Math.max(0, search(points, last, start, false) - 1)
  if (smoothed) last = search(points, last, end, true)
  if ((points[last] as { t: number }).t <= start) return null
  if (smoothed && (points[first] as { t: number }).t > end) return null
  return { first, last }
}

/** Linear interpolation at `t`; a counter that went down is taken to restart from zero. */
export function interpolateFloat(p1: FPoint, p2: FPoint, t: number, isCounter: boolean): number {
  return interpolateBetween(p1.t, p1.f, p2.t, p2.f, t, isCounter)
}

/** {@link interpolateFloat} between two samples given as timestamp and value. */
function interpolateBetween(
  t1: number,
  f1: number,
  t2: number,
  f2: number,
  t: number,
  isCounter: boolean,
): number {
  const y1 = isCounter && f2 < f1 ? 0 : f1
  return y1 + ((f2 - y1) * (t - t1)) / (t2 - t1)
}

/** The float at `t` between the samples at indexes `i` and `i + 1` of the columns. */
function interpolateColumns(
  ft: Float64Array,
  fv: Float64Array,
  i: number,
  t: number,
  isCounter: boolean,
): number {
  return interpolateBetween(
    ft[i] as number,
    fv[i] as number,
    ft[i + 1] as number,
    fv[i + 1] as number,
    t,
    isCounter,
  )
}

/** Tracks the info annotations of histogram additions and subtractions. */
interface Reconciled {
  add: boolean
  sub: boolean
}

/**
 * The histogram at `t` between two samples; after a counter reset (for counters) the later one
 * scaled from zero. Throws {@link IncompatibleHistogramSchemaError} for mixed bucket kinds.
 */
export function interpolateHistogram(
  p1: HPoint,
  p2: HPoint,
  t: number,
  isCounter: boolean,
  reconciled: Reconciled,
): NativeHistogram {
  if (t === p1.t) return copyHistogram(p1.h)
  if (t === p2.t) return copyHistogram(p2.h)
  const fraction = (t - p1.t) / (p2.t - p1.t)
  if (isCounter && detectHistogramReset(p2.h, p1.h)) return scaleHistogram(p2.h, fraction)
  const diff = addHistograms(p2.h, p1.h, -1)
  reconciled.sub ||= diff.customBoundsReconciled
  const sum = addHistograms(scaleHistogram(diff.h, fraction), p1.h, 1)
  reconciled.add ||= sum.customBoundsReconciled
  return sum.h
}

function floatRate(input: RangeInput, isCounter: boolean, isRate: boolean, smoothed: boolean): RangeOutput {
  const { ft, fv, fStart, fEnd } = input
  const start = input.windowStartMs
  const end = input.windowEndMs
  let last = fEnd - 1
  let first = Math.max(fStart, searchColumn(ft, fStart, last, start, false) - 1)
  if (smoothed) last = searchColumn(ft, fStart, last, end, true)
  const t0 = ft[first] as number
  const tn = ft[last] as number
  if (tn <= start || (smoothed && t0 > end)) return null
  const left =
    smoothed && t0 < start ? interpolateColumns(ft, fv, first, start, isCounter) : (fv[first] as number)
  const right =
    smoothed && last > fStart && tn > end
      ? interpolateColumns(ft, fv, last - 1, end, isCounter)
      : (fv[last] as number)
  let result = right - left
  if (isCounter) {
    // Samples on or beyond the boundaries are already represented by left and right.
    if (t0 <= start) first++
    if (tn >= end) last--
    let prev = left
    for (let i = first; i <= last; i++) {
      const v = fv[i] as number
      if (v < prev) result += prev
      prev = v
    }
    if (right < prev) result += prev
  }
  if (isRate) result /= (end - start) / 1000
  return result
}

/** Warns about gauge samples fed to a counter function; false (after a warning) for mixed bucket kinds. */
function validateHistograms(
  h: readonly HPoint[],
  first: number,
  last: number,
  isCounter: boolean,
  input: RangeInput,
): boolean {
  const custom = usesCustomBuckets((h[first] as HPoint).h)
  for (let i = first; i <= last; i++) {
    const p = (h[i] as HPoint).h
    if (usesCustomBuckets(p) !== custom) {
      input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(input.metricName))
      return false
    }
    if (isCounter && p.counterResetHint === 'gauge')
      input.annotations.warn(ANNOTATIONS.notCounter(input.metricName))
  }
  return true
}

/** The sum of the values before each counter reset strictly inside the range; undefined when none. */
function resetCorrection(
  h: readonly HPoint[],
  firstIndex: number,
  lastIndex: number,
  left: NativeHistogram,
  right: NativeHistogram,
  smoothed: boolean,
  start: number,
  reconciled: Reconciled,
): NativeHistogram | undefined {
  let first = firstIndex + 1
  let prev = left
  const h0 = h[firstIndex] as HPoint
  const h1 = h[firstIndex + 1]
  if (smoothed && h0.t < start && h1 !== undefined && detectHistogramReset(h1.h, h0.h)) {
    // The left interpolation already spans this reset.
    prev = h1.h
    first++
  }
  // The last sample is represented by `right`, which would otherwise detect a reset against itself.
  const last = lastIndex - 1
  if (first > last + 1) return undefined
  let correction: NativeHistogram | undefined
  const addCorrection = (x: NativeHistogram): void => {
    if (correction === undefined) correction = copyHistogram(x)
    else {
      const sum = addHistograms(correction, x, 1)
      reconciled.add ||= sum.customBoundsReconciled
      correction = sum.h
    }
  }
  for (let i = first; i <= last; i++) {
    const p = (h[i] as HPoint).h
    if (detectHistogramReset(p, prev)) addCorrection(prev)
    prev = p
  }
  if (detectHistogramReset(right, prev)) addCorrection(prev)
  return correction
}

function reportReconciled(sink: AnnotationSink, reconciled: Reconciled): void {
  if (reconciled.sub) sink.info(ANNOTATIONS.mismatchedCustomBuckets('subtraction'))
  if (reconciled.add) sink.info(ANNOTATIONS.mismatchedCustomBuckets('addition'))
}

function histogramRate(
  input: RangeInput,
  isCounter: boolean,
  isRate: boolean,
  smoothed: boolean,
): RangeOutput {
  const h = input.histograms
  const start = input.windowStartMs
  const end = input.windowEndMs
  const b = boundaries(h, start, end, smoothed)
  if (b === null) return null
  const { first, last } = b
  if (!validateHistograms(h, first, last, isCounter, input)) return null
  const reconciled: Reconciled = { add: false, sub: false }
  try {
    const p0 = h[first] as HPoint
    const pn = h[last] as HPoint
    const left =
      smoothed && p0.t < start
        ? interpolateHistogram(p0, h[first + 1] as HPoint, start, isCounter, reconciled)
        : copyHistogram(p0.h)
    const right =
      smoothed && last > 0 && pn.t > end
        ? interpolateHistogram(h[last - 1] as HPoint, pn, end, isCounter, reconciled)
        : copyHistogram(pn.h)
    if (!isCounter && (left.counterResetHint !== 'gauge' || right.counterResetHint !== 'gauge')) {
      input.annotations.warn(ANNOTATIONS.notGauge(input.metricName))
    }
    const diff = addHistograms(right, left, -1)
    reconciled.sub ||= diff.customBoundsReconciled
    let result = diff.h
    if (isCounter) {
      const correction = resetCorrection(h, first, last, left, right, smoothed, start, reconciled)
      if (correction !== undefined) {
        const sum = addHistograms(result, correction, 1)
        reconciled.add ||= sum.customBoundsReconciled
        result = sum.h
      }
    }
    if (isRate) result = divideHistogram(result, (end - start) / 1000)
    result.counterResetHint = 'gauge'
    reportReconciled(input.annotations, reconciled)
    return compactHistogram(result)
  } catch (err) {
    if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
    reportReconciled(input.annotations, reconciled)
    input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(input.metricName))
    return null
  }
}

/**
 * A range selector's points with the boundaries made explicit (Prometheus's extendFloats), for
 * anchored and smoothed selectors evaluated on their own: a point at `mint` holding the left
 * value, the samples strictly inside, and a point at `maxt` holding the right value.
 */
export function extendFloats(f: readonly FPoint[], mint: number, maxt: number, smoothed: boolean): FPoint[] {
  if (f.length === 0) return []
  let last = f.length - 1
  let first = Math.max(0, search(f, last, mint, false) - 1)
  if (smoothed) last = search(f, last, maxt, true)
  const p0 = f[first] as FPoint
  const pn = f[last] as FPoint
  if (pn.t <= mint) return []
  const left = smoothed && p0.t < mint ? interpolateFloat(p0, f[first + 1] as FPoint, mint, false) : p0.f
  const right =
    smoothed && last > 0 && pn.t > maxt ? interpolateFloat(f[last - 1] as FPoint, pn, maxt, false) : pn.f
  if (p0.t <= mint) first++
  if (pn.t >= maxt) last--
  return [{ t: mint, f: left }, ...f.slice(first, last + 1), { t: maxt, f: right }]
}

/** rate (`isCounter`, `isRate`), increase (`isCounter`) or delta over an anchored or smoothed window. */
export function extendedRate(
  input: RangeInput,
  isCounter: boolean,
  isRate: boolean,
  smoothed: boolean,
): RangeOutput {
  const hasFloats = input.fEnd > input.fStart
  if (hasFloats && input.histograms.length > 0) {
    input.annotations.warn(ANNOTATIONS.mixedFloatsHistograms(input.metricName))
    return null
  }
  if (input.histograms.length > 0) return histogramRate(input, isCounter, isRate, smoothed)
  if (hasFloats) return floatRate(input, isCounter, isRate, smoothed)
  return null
}

/**
 * The part of an anchored window that resets() and changes() look at: from the last sample at
 * or before the range start (the anchor, float or histogram) on, as the first float index and
 * the histograms. Null when no sample lies strictly inside the range.
 */
export function anchoredWindow(input: RangeInput): { fStart: number; histograms: readonly HPoint[] } | null {
  const { ft, fStart, fEnd, histograms } = input
  const start = input.windowStartMs
  const lastFloat = searchColumn(ft, fStart, fEnd, start, false) - 1
  const lastHist = search(histograms, histograms.length, start, false) - 1
  if (lastFloat + 1 >= fEnd && lastHist + 1 >= histograms.length) return null
  if (lastFloat < fStart && lastHist < 0) return { fStart, histograms }
  if (
    lastHist < 0 ||
    (lastFloat >= fStart && (ft[lastFloat] as number) >= (histograms[lastHist] as HPoint).t)
  ) {
    return { fStart: lastFloat, histograms: histograms.slice(lastHist + 1) }
  }
  return { fStart: lastFloat + 1, histograms: histograms.slice(lastHist) }
}
