import type { NativeHistogram } from '@watchfire/model'
import type { HPoint } from '../../value.js'
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
import { addHistogramsAnnotated, histogramRate } from './histogram-rate.js'
import type { RangeInput, RangeOutput } from './range-types.js'
import { isStartTimestampReset, startTimeOverlaps } from './start-timestamps.js'

/**
 * rate, increase, delta (Prometheus's extrapolatedRate) and irate, idelta (instantValue), for
 * plain (not anchored or smoothed) range selectors.
 */

/**
 * The change over the window, extrapolated towards its edges: all the way when the first/last
 * sample sits within 1.1 average sample intervals of the edge, else by half an interval; a counter
 * is never extrapolated below zero. `isRate` divides by the window length in seconds. For a
 * counter whose first sample started inside the window (by its start timestamp), the count is
 * taken from zero at that start instead of extrapolating left, which also works for one sample.
 */
export function extrapolatedRate(input: RangeInput, isCounter: boolean, isRate: boolean): RangeOutput {
  const { ft, fv, fStart, fEnd } = input
  const nf = fEnd - fStart
  if (input.histograms.length > 0) {
    if (nf === 0) return histogramExtrapolatedRate(input, isCounter, isRate)
    input.annotations.warn(ANNOTATIONS.mixedFloatsHistograms(input.metricName))
    return null
  }
  // Start timestamps only matter to counters.
  const sts = isCounter ? input.fst : undefined
  if (nf < 2 && (nf === 0 || sts === undefined)) return null
  const first = fv[fStart] as number
  let result = (fv[fEnd - 1] as number) - first
  if (isCounter)
    result += sts === undefined ? valuesBeforeDrops(fv, fStart, fEnd) : valuesBeforeResets(input, sts)
  let startT = NaN
  if (sts !== undefined) {
    startT = countingStart(input, sts, fStart, ft[fStart] as number)
    if (!Number.isNaN(startT)) result += first
    else if (nf === 1) return null
  }
  // Extrapolating back to where the slope reaches zero applies to counters that went up.
  const zeroRatio = isCounter && result > 0 && first >= 0 ? first / result : NaN
  const factor = extrapolationFactor(
    input,
    nf,
    ft[fStart] as number,
    ft[fEnd - 1] as number,
    startT,
    zeroRatio,
  )
  return result * (isRate ? factor / ((input.windowEndMs - input.windowStartMs) / 1000) : factor)
}

/** {@link extrapolatedRate} over a window of histograms only. */
function histogramExtrapolatedRate(input: RangeInput, isCounter: boolean, isRate: boolean): RangeOutput {
  const histograms = input.histograms
  const n = histograms.length
  const sts = isCounter ? input.hst : undefined
  const stAt = input.hStart ?? 0
  if (n < 2 && sts === undefined) return null
  let result: NativeHistogram | undefined
  if (n > 1) {
    result = histogramRate(input, isCounter, sts, stAt)
    if (result === undefined) return null
  }
  const first = (histograms[0] as HPoint).h
  const firstT = (histograms[0] as HPoint).t
  const startT = countingStart(input, sts, stAt, firstT)
  if (!Number.isNaN(startT)) {
    if (result === undefined) result = copyHistogram(first)
    else {
      result = addHistogramsAnnotated(input, result, first)
      if (result === undefined) return null
    }
  } else if (result === undefined) return null
  const zeroRatio = isCounter && result.count > 0 && first.count >= 0 ? first.count / result.count : NaN
  const factor = extrapolationFactor(input, n, firstT, (histograms[n - 1] as HPoint).t, startT, zeroRatio)
  return scaleHistogram(result, isRate ? factor / ((input.windowEndMs - input.windowStartMs) / 1000) : factor)
}

/**
 * Where the counter started counting inside the (left-open) window, by the first sample's start
 * timestamp (`sts[at]`); NaN when it has none or it lies outside the window.
 */
function countingStart(input: RangeInput, sts: Float64Array | undefined, at: number, firstT: number): number {
  if (sts === undefined) return NaN
  const st = sts[at] as number
  return st !== 0 && st > input.windowStartMs && st < firstT ? st : NaN
}

/**
 * The factor that stretches the change between the first and last sample over the window. From a
 * counting start (`startT`, not NaN) the change is measured from zero there; otherwise the left side
 * is extrapolated, at most back to where the slope reaches zero (`zeroRatio` of the sampled
 * interval before the first sample; NaN for no such limit).
 */
function extrapolationFactor(
  input: RangeInput,
  n: number,
  firstT: number,
  lastT: number,
  startT: number,
  zeroRatio: number,
): number {
  let durationToStart = (firstT - input.windowStartMs) / 1000
  let durationToEnd = (input.windowEndMs - lastT) / 1000
  let sampledInterval = (lastT - firstT) / 1000
  // With one sample there is no interval to judge the right side by, so it is not extrapolated.
  const averageInterval = n > 1 ? sampledInterval / (n - 1) : 0
  const threshold = averageInterval * 1.1
  if (!Number.isNaN(startT)) {
    durationToStart = 0
    sampledInterval = (lastT - startT) / 1000
  } else {
    if (durationToStart >= threshold) durationToStart = averageInterval / 2
    const durationToZero = sampledInterval * zeroRatio
    if (durationToZero < durationToStart) durationToStart = durationToZero
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2
  return sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1
}

/** The values lost to counter resets told only by values going down. */
function valuesBeforeDrops(fv: Float64Array, from: number, to: number): number {
  let lost = 0
  let prev = fv[from] as number
  for (let i = from + 1; i < to; i++) {
    const v = fv[i] as number
    if (v < prev) lost += prev
    prev = v
  }
  return lost
}

/**
 * The values lost to counter resets in the window's floats, resets told by a value going down or
 * by a start timestamp; warns (once) about starts that overlap the previous sample.
 */
function valuesBeforeResets(input: RangeInput, sts: Float64Array): number {
  const { ft, fv, fStart, fEnd } = input
  let lost = 0
  let warned = false
  for (let i = fStart + 1; i < fEnd; i++) {
    const prev = fv[i - 1] as number
    const prevST = sts[i - 1] as number
    const prevT = ft[i - 1] as number
    const currST = sts[i] as number
    if (!warned && startTimeOverlaps(prevST, prevT, currST)) {
      input.annotations.warn(ANNOTATIONS.startTimeOverlap(input.metricName))
      warned = true
    }
    if ((fv[i] as number) < prev || isStartTimestampReset(prevST, prevT, currST, ft[i] as number))
      lost += prev
  }
  return lost
}

/** One of the last two samples of the window, float or histogram, with its start timestamp (0 = unknown). */
interface LastSample {
  t: number
  f: number
  h: NativeHistogram | undefined
  st: number
}

/** The last two samples across floats and histograms, oldest first, or undefined with fewer than two. */
function lastTwo(input: RangeInput): [LastSample, LastSample] | undefined {
  const { ft, fv, fEnd, histograms, fst, hst } = input
  const ss: LastSample[] = []
  for (let i = Math.max(input.fStart, fEnd - 2); i < fEnd; i++) {
    ss.push({ t: ft[i] as number, f: fv[i] as number, h: undefined, st: fst?.[i] ?? 0 })
  }
  const hStart = input.hStart ?? 0
  for (let i = Math.max(0, histograms.length - 2); i < histograms.length; i++) {
    const p = histograms[i] as HPoint
    const s: LastSample = { t: p.t, f: 0, h: p.h, st: hst?.[hStart + i] ?? 0 }
    const [s0, s1] = ss
    if (s0 === undefined) ss.push(s)
    else if (s1 === undefined) {
      if (s.t < s0.t) ss.unshift(s)
      else ss.push(s)
    } else if (s.t < s0.t) {
      // Older than both: irrelevant.
    } else if (s.t > s1.t) {
      ss[0] = s1
      ss[1] = s
    } else ss[0] = s
  }
  const [a, b] = ss
  return a !== undefined && b !== undefined ? [a, b] : undefined
}

/** irate (isRate) and idelta: the change between the last two samples. */
export function instantValue(input: RangeInput, isRate: boolean): RangeOutput {
  if (input.histograms.length === 0) return instantFloatValue(input, isRate)
  const pair = lastTwo(input)
  if (pair === undefined) return null
  const [s0, s1] = pair
  const intervalMs = s1.t - s0.t
  if (intervalMs === 0) return null
  const name = input.metricName
  const stReset = isRate && isStartTimestampReset(s0.st, s0.t, s1.st, s1.t)
  if (s0.h === undefined && s1.h === undefined) return floatChange(s0.f, s1.f, intervalMs, isRate, stReset)
  if (s0.h === undefined || s1.h === undefined) {
    input.annotations.warn(ANNOTATIONS.mixedFloatsHistograms(name))
    return null
  }
  if (isRate && (s1.h.counterResetHint === 'gauge' || s0.h.counterResetHint === 'gauge')) {
    input.annotations.warn(ANNOTATIONS.notCounter(name))
  }
  if (!isRate && (s1.h.counterResetHint !== 'gauge' || s0.h.counterResetHint !== 'gauge')) {
    input.annotations.warn(ANNOTATIONS.notGauge(name))
  }
  let h = copyHistogram(s1.h)
  if (!isRate || (!stReset && !detectHistogramReset(s1.h, s0.h))) {
    try {
      const diff = addHistograms(h, s0.h, -1)
      h = diff.h
      if (diff.customBoundsReconciled)
        input.annotations.info(ANNOTATIONS.mismatchedCustomBuckets('subtraction'))
    } catch (err) {
      if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
      input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(name))
      return null
    }
  }
  h.counterResetHint = 'gauge'
  h = compactHistogram(h)
  return isRate ? divideHistogram(h, intervalMs / 1000) : h
}

/** {@link instantValue} over a window of floats only, straight from the columns. */
function instantFloatValue(input: RangeInput, isRate: boolean): RangeOutput {
  const { ft, fv, fEnd, fst } = input
  if (fEnd - input.fStart < 2) return null
  const t0 = ft[fEnd - 2] as number
  const t1 = ft[fEnd - 1] as number
  if (t1 === t0) return null
  const stReset =
    isRate &&
    fst !== undefined &&
    isStartTimestampReset(fst[fEnd - 2] as number, t0, fst[fEnd - 1] as number, t1)
  return floatChange(fv[fEnd - 2] as number, fv[fEnd - 1] as number, t1 - t0, isRate, stReset)
}

/** The change from `f0` to `f1`; for irate (`isRate`) per second, a counter reset keeping `f1` as the increase since. */
function floatChange(f0: number, f1: number, intervalMs: number, isRate: boolean, stReset: boolean): number {
  const f = !isRate || !(f1 < f0 || stReset) ? f1 - f0 : f1
  return isRate ? f / (intervalMs / 1000) : f
}
