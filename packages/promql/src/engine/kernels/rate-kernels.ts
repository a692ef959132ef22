import type { NativeHistogram } from '@watchfire/model'
import type { HPoint } from '../../value.js'
import { ANNOTATIONS } from './annotation-texts.js'
import { detectHistogramReset } from './counter-reset.js'
import {
  addHistograms,
  compactHistogram,
  copyHistogram,
  divideHistogram,
  histogramToSchema,
  IncompatibleHistogramSchemaError,
  scaleHistogram,
} from './float-histogram.js'
import { usesCustomBuckets } from './histogram-buckets.js'
import type { RangeInput, RangeOutput } from './range-types.js'

/**
 * rate, increase, delta (Prometheus's extrapolatedRate) and irate, idelta (instantValue), for
 * plain (not anchored or smoothed) range selectors.
 */

/**
 * The change over the window, extrapolated towards its edges: all the way when the first/last
 * sample sits within 1.1 average sample intervals of the edge, else by half an interval; a counter
 * is never extrapolated below zero. `isRate` divides by the window length in seconds.
 */
export function extrapolatedRate(input: RangeInput, isCounter: boolean, isRate: boolean): RangeOutput {
  const { ft, fv, fStart, fEnd, histograms, windowStartMs, windowEndMs } = input
  const nf = fEnd - fStart
  if (nf > 0 && histograms.length > 0) {
    input.annotations.warn(ANNOTATIONS.mixedFloatsHistograms(input.metricName))
    return null
  }
  const n = nf > 0 ? nf : histograms.length
  if (n < 2) return null
  let resultFloat = 0
  let resultHistogram: NativeHistogram | undefined
  let firstT: number
  let lastT: number
  if (histograms.length > 0) {
    firstT = (histograms[0] as HPoint).t
    lastT = (histograms[n - 1] as HPoint).t
    resultHistogram = histogramRate(input, isCounter)
    if (resultHistogram === undefined) return null
  } else {
    firstT = ft[fStart] as number
    lastT = ft[fEnd - 1] as number
    resultFloat = (fv[fEnd - 1] as number) - (fv[fStart] as number)
    if (isCounter) {
      let prev = fv[fStart] as number
      for (let i = fStart + 1; i < fEnd; i++) {
        const v = fv[i] as number
        if (v < prev) resultFloat += prev
        prev = v
      }
    }
  }
  let durationToStart = (firstT - windowStartMs) / 1000
  let durationToEnd = (windowEndMs - lastT) / 1000
  const sampledInterval = (lastT - firstT) / 1000
  const averageInterval = sampledInterval / (n - 1)
  const threshold = averageInterval * 1.1
  if (durationToStart >= threshold) durationToStart = averageInterval / 2
  if (isCounter) {
    // A counter starts at zero: do not extrapolate further back than where the slope reaches it.
    let durationToZero = durationToStart
    const firstH = histograms[0]
    if (resultFloat > 0 && nf > 0 && (fv[fStart] as number) >= 0) {
      durationToZero = sampledInterval * ((fv[fStart] as number) / resultFloat)
    } else if (
      resultHistogram !== undefined &&
      resultHistogram.count > 0 &&
      firstH !== undefined &&
      firstH.h.count >= 0
    ) {
      durationToZero = sampledInterval * (firstH.h.count / resultHistogram.count)
    }
    if (durationToZero < durationToStart) durationToStart = durationToZero
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2
  let factor =
    sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1
  if (isRate) factor /= (windowEndMs - windowStartMs) / 1000
  if (resultHistogram !== undefined) return scaleHistogram(resultHistogram, factor)
  return resultFloat * factor
}

/** last − first over histograms, adding back the value before each counter reset; undefined after a warning. */
function histogramRate(input: RangeInput, isCounter: boolean): NativeHistogram | undefined {
  const points = input.histograms
  const name = input.metricName
  const first = (points[0] as HPoint).h
  const last = (points[points.length - 1] as HPoint).h
  let prev = first
  let custom = usesCustomBuckets(prev)
  if (isCounter && (first.counterResetHint === 'gauge' || last.counterResetHint === 'gauge')) {
    input.annotations.warn(ANNOTATIONS.notCounter(name))
  }
  if (isCounter) {
    // A reset right after the first sample makes the first sample irrelevant, layout included.
    const second = (points[1] as HPoint).h
    if (detectHistogramReset(second, prev)) {
      prev = emptyLike(second)
      custom = usesCustomBuckets(second)
    }
  }
  if (usesCustomBuckets(last) !== custom) {
    input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(name))
    return undefined
  }
  let minSchema = Math.min(last.schema, prev.schema)
  if (isCounter) {
    for (let i = 1; i < points.length - 1; i++) {
      const curr = (points[i] as HPoint).h
      if (curr.counterResetHint === 'gauge') input.annotations.warn(ANNOTATIONS.notCounter(name))
      if (curr.schema < minSchema) minSchema = curr.schema
      if (usesCustomBuckets(curr) !== custom) {
        input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(name))
        return undefined
      }
    }
  }
  let reconciledSub = false
  let reconciledAdd = false
  let h: NativeHistogram
  try {
    const diff = addHistograms(histogramToSchema(last, minSchema), prev, -1)
    h = diff.h
    reconciledSub = diff.customBoundsReconciled
    if (isCounter) {
      let before = prev
      for (let i = 1; i < points.length; i++) {
        const curr = (points[i] as HPoint).h
        if (detectHistogramReset(curr, before)) {
          const sum = addHistograms(h, before, 1)
          h = sum.h
          reconciledAdd ||= sum.customBoundsReconciled
        }
        before = curr
      }
    }
  } catch (err) {
    if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
    input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(name))
    return undefined
  }
  if (reconciledSub) input.annotations.info(ANNOTATIONS.mismatchedCustomBuckets('subtraction'))
  if (reconciledAdd) input.annotations.info(ANNOTATIONS.mismatchedCustomBuckets('addition'))
  if (!isCounter && (first.counterResetHint !== 'gauge' || last.counterResetHint !== 'gauge')) {
    input.annotations.warn(ANNOTATIONS.notGauge(name))
  }
  h.counterResetHint = 'gauge'
  return compactHistogram(h)
}

/** An empty histogram with the layout parameters of `h`. */
function emptyLike(h: NativeHistogram): NativeHistogram {
  const out: NativeHistogram = {
    schema: h.schema,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
  }
  if (h.customValues !== undefined) out.customValues = h.customValues
  return out
}

/** One of the last two samples of the window, float or histogram. */
interface LastSample {
  t: number
  f: number
  h: NativeHistogram | undefined
}

/** The last two samples across floats and histograms, oldest first, or undefined with fewer than two. */
function lastTwo(input: RangeInput): [LastSample, LastSample] | undefined {
  const { ft, fv, fEnd, histograms } = input
  const ss: LastSample[] = []
  for (let i = Math.max(input.fStart, fEnd - 2); i < fEnd; i++) {
    ss.push({ t: ft[i] as number, f: fv[i] as number, h: undefined })
  }
  for (let i = Math.max(0, histograms.length - 2); i < histograms.length; i++) {
    const p = histograms[i] as HPoint
    const s: LastSample = { t: p.t, f: 0, h: p.h }
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
  const pair = lastTwo(input)
  if (pair === undefined) return null
  const [s0, s1] = pair
  const intervalMs = s1.t - s0.t
  if (intervalMs === 0) return null
  const name = input.metricName
  if (s0.h === undefined && s1.h === undefined) {
    // A counter reset keeps the last value as the increase since the reset.
    const f = !isRate || !(s1.f < s0.f) ? s1.f - s0.f : s1.f
    return isRate ? f / (intervalMs / 1000) : f
  }
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
  if (!isRate || !detectHistogramReset(s1.h, s0.h)) {
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
