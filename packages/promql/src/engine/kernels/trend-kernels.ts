import type { NativeHistogram } from '@watchfire/model'
import type { FPoint, HPoint } from '../../value.js'
import { ANNOTATIONS } from './annotation-texts.js'
import { detectHistogramReset } from './counter-reset.js'
import { histogramsEqual } from './float-histogram.js'
import { kahanAdd, type KahanPair } from './kahan.js'
import { formatGoFixed, KernelArgumentError } from './kernel-error.js'
import type { RangeInput, RangeOutput } from './range-types.js'

/** deriv, predict_linear, double_exponential_smoothing, changes and resets. */

type Kernel = (input: RangeInput) => RangeOutput

/**
 * Least-squares slope and intercept, x measured in seconds from `interceptMs` (which keeps the
 * numbers small). A constant series has slope 0, or NaN when that constant is infinite.
 */
export function linearRegression(
  points: readonly FPoint[],
  interceptMs: number,
): { slope: number; intercept: number } {
  const initY = (points[0] as FPoint).f
  let constY = true
  const sx: KahanPair = { sum: 0, c: 0 }
  const sy: KahanPair = { sum: 0, c: 0 }
  const sxy: KahanPair = { sum: 0, c: 0 }
  const sx2: KahanPair = { sum: 0, c: 0 }
  for (const p of points) {
    if (constY && p.f !== initY) constY = false
    const x = (p.t - interceptMs) / 1000
    kahanAdd(sx, x)
    kahanAdd(sy, p.f)
    kahanAdd(sxy, x * p.f)
    kahanAdd(sx2, x * x)
  }
  if (constY) {
    return initY === Infinity || initY === -Infinity
      ? { slope: NaN, intercept: NaN }
      : { slope: 0, intercept: initY }
  }
  const n = points.length
  const sumX = sx.sum + sx.c
  const sumY = sy.sum + sy.c
  const covXY = sxy.sum + sxy.c - (sumX * sumY) / n
  const varX = sx2.sum + sx2.c - (sumX * sumX) / n
  const slope = covXY / varX
  return { slope, intercept: sumY / n - (slope * sumX) / n }
}

/** Wraps a kernel needing at least two floats; histograms alongside floats are ignored with an info. */
function twoFloats(fn: (input: RangeInput) => number): Kernel {
  return (input) => {
    const mixed = input.histograms.length > 0
    if (input.floats.length < 2) {
      if (input.floats.length === 1 && mixed) {
        input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
      }
      return null
    }
    const f = fn(input)
    if (mixed) input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
    return { f }
  }
}

/** Holt's linear smoothing (Prometheus's double_exponential_smoothing); 0 < sf, tf < 1 or the query fails. */
function smooth(input: RangeInput): number {
  const floats = input.floats
  let s1 = (floats[0] as FPoint).f
  let b = (floats[1] as FPoint).f - s1
  let s0 = 0
  const [sf, tf] = factors(input)
  for (let i = 1; i < floats.length; i++) {
    const x = sf * (floats[i] as FPoint).f
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b
    const y = (1 - sf) * (s1 + b)
    s0 = s1
    s1 = x + y
  }
  return s1
}

function factors(input: RangeInput): [number, number] {
  const sf = input.params[0] ?? NaN
  const tf = input.params[1] ?? NaN
  if (!(sf > 0 && sf < 1)) {
    throw new KernelArgumentError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${formatGoFixed(sf)}`)
  }
  if (!(tf > 0 && tf < 1)) {
    throw new KernelArgumentError(`invalid trend factor. Expected: 0 < tf < 1, got: ${formatGoFixed(tf)}`)
  }
  return [sf, tf]
}

/** Visits consecutive samples in time order across floats and histograms. */
function forEachPair(
  input: RangeInput,
  visit: (prev: number | NativeHistogram, curr: number | NativeHistogram) => void,
): boolean {
  const { floats, histograms } = input
  if (floats.length + histograms.length === 0) return false
  let i = 0
  let j = 0
  let prev: number | NativeHistogram | undefined
  while (i < floats.length || j < histograms.length) {
    let curr: number | NativeHistogram
    const f = floats[i]
    const h = histograms[j]
    if (h === undefined || (f !== undefined && f.t < h.t)) {
      curr = (f as FPoint).f
      i++
    } else {
      curr = (h as HPoint).h
      j++
    }
    if (prev !== undefined) visit(prev, curr)
    prev = curr
  }
  return true
}

/** The trend and change-counting kernels keyed by function name. */
export const TREND_KERNELS: Readonly<Record<string, Kernel>> = {
  deriv: twoFloats((input) => linearRegression(input.floats, (input.floats[0] as FPoint).t).slope),
  predict_linear: twoFloats((input) => {
    const { slope, intercept } = linearRegression(input.floats, input.evalTimeMs ?? input.windowEndMs)
    return slope * (input.params[0] ?? NaN) + intercept
  }),
  double_exponential_smoothing: (input) => {
    if (input.floats.length + input.histograms.length === 0) return null
    // Bad factors fail the query as soon as any series has data, even only histograms.
    factors(input)
    return twoFloats(smooth)(input)
  },
  changes: (input) => {
    let changes = 0
    const any = forEachPair(input, (prev, curr) => {
      if (typeof prev === 'number' && typeof curr === 'number') {
        if (prev !== curr && !(Number.isNaN(prev) && Number.isNaN(curr))) changes++
      } else if (typeof prev === 'number' || typeof curr === 'number') changes++
      else if (!histogramsEqual(curr, prev)) changes++
    })
    return any ? { f: changes } : null
  },
  resets: (input) => {
    let resets = 0
    const any = forEachPair(input, (prev, curr) => {
      if (typeof prev === 'number' && typeof curr === 'number') {
        if (curr < prev) resets++
      } else if (typeof prev === 'number' || typeof curr === 'number') resets++
      else if (detectHistogramReset(curr, prev)) resets++
    })
    return any ? { f: resets } : null
  },
}
