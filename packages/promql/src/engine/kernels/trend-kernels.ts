import type { NativeHistogram } from '@watchfire/model'
import type { HPoint } from '../../value.js'
import { ANNOTATIONS } from './annotation-texts.js'
import { detectHistogramReset } from './counter-reset.js'
import { histogramsEqual } from './float-histogram.js'
import { kahanAdd, type KahanPair } from './kahan.js'
import { formatGoFixed, KernelArgumentError } from './kernel-error.js'
import type { RangeInput, RangeOutput } from './range-types.js'

/** deriv, predict_linear, double_exponential_smoothing, changes and resets. */

type Kernel = (input: RangeInput) => RangeOutput

/**
 * Least-squares slope and intercept over the window's floats, x measured in seconds from
 * `interceptMs` (which keeps the numbers small). A constant series has slope 0, or NaN when that
 * constant is infinite.
 */
export function linearRegression(
  input: RangeInput,
  interceptMs: number,
): { slope: number; intercept: number } {
  const { ft, fv, fStart, fEnd } = input
  const initY = fv[fStart] as number
  let constY = true
  const sx: KahanPair = { sum: 0, c: 0 }
  const sy: KahanPair = { sum: 0, c: 0 }
  const sxy: KahanPair = { sum: 0, c: 0 }
  const sx2: KahanPair = { sum: 0, c: 0 }
  for (let i = fStart; i < fEnd; i++) {
    const f = fv[i] as number
    if (constY && f !== initY) constY = false
    const x = ((ft[i] as number) - interceptMs) / 1000
    kahanAdd(sx, x)
    kahanAdd(sy, f)
    kahanAdd(sxy, x * f)
    kahanAdd(sx2, x * x)
  }
  if (constY) {
    return initY === Infinity || initY === -Infinity
      ? { slope: NaN, intercept: NaN }
      : { slope: 0, intercept: initY }
  }
  const n = fEnd - fStart
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
    const n = input.fEnd - input.fStart
    if (n < 2) {
      if (n === 1 && mixed) {
        input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
      }
      return null
    }
    const f = fn(input)
    if (mixed) input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
    return f
  }
}

/** Holt's linear smoothing (Prometheus's double_exponential_smoothing); 0 < sf, tf < 1 or the query fails. */
function smooth(input: RangeInput): number {
  const { fv, fStart, fEnd } = input
  let s1 = fv[fStart] as number
  let b = (fv[fStart + 1] as number) - s1
  let s0 = 0
  const [sf, tf] = factors(input)
  for (let i = 1; i < fEnd - fStart; i++) {
    const x = sf * (fv[fStart + i] as number)
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
  const { ft, fv, fEnd, histograms } = input
  if (fEnd - input.fStart + histograms.length === 0) return false
  let i = input.fStart
  let j = 0
  let prev: number | NativeHistogram | undefined
  while (i < fEnd || j < histograms.length) {
    let curr: number | NativeHistogram
    const h = histograms[j]
    if (h === undefined || (i < fEnd && (ft[i] as number) < h.t)) {
      curr = fv[i] as number
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
  deriv: twoFloats((input) => linearRegression(input, input.ft[input.fStart] as number).slope),
  predict_linear: twoFloats((input) => {
    const { slope, intercept } = linearRegression(input, input.evalTimeMs ?? input.windowEndMs)
    return slope * (input.params[0] ?? NaN) + intercept
  }),
  double_exponential_smoothing: (input) => {
    if (input.fEnd - input.fStart + input.histograms.length === 0) return null
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
    return any ? changes : null
  },
  resets: (input) => {
    let resets = 0
    const any = forEachPair(input, (prev, curr) => {
      if (typeof prev === 'number' && typeof curr === 'number') {
        if (curr < prev) resets++
      } else if (typeof prev === 'number' || typeof curr === 'number') resets++
      else if (detectHistogramReset(curr, prev)) resets++
    })
    return any ? resets : null
  },
}
