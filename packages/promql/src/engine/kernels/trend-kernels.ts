import type { NativeHistogram } from '@watchfire/model'
import { ANNOTATIONS } from './annotation-texts.js'
import { detectHistogramReset } from './counter-reset.js'
import { isStartTimestampReset } from './start-timestamps.js'
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

/**
 * Visits consecutive samples in time order across floats and histograms; `stReset` tells whether
 * the pair's start timestamps (where the input carries them) mark a counter reset.
 */
function forEachPair(
  input: RangeInput,
  visit: (prev: number | NativeHistogram, curr: number | NativeHistogram, stReset: boolean) => void,
): boolean {
  const { ft, fv, fEnd, histograms, fst, hst } = input
  if (fEnd - input.fStart + histograms.length === 0) return false
  const hStart = input.hStart ?? 0
  const withST = fst !== undefined || hst !== undefined
  let i = input.fStart
  let j = 0
  let prev: number | NativeHistogram | undefined
  let prevT = 0
  let prevST = 0
  while (i < fEnd || j < histograms.length) {
    let curr: number | NativeHistogram
    let t: number
    let st = 0
    const h = histograms[j]
    if (h === undefined || (i < fEnd && (ft[i] as number) < h.t)) {
      curr = fv[i] as number
      t = ft[i] as number
      if (fst !== undefined) st = fst[i] as number
      i++
    } else {
      curr = h.h
      t = h.t
      if (hst !== undefined) st = hst[hStart + j] as number
      j++
    }
    if (prev !== undefined) visit(prev, curr, withST && isStartTimestampReset(prevST, prevT, st, t))
    prev = curr
    prevT = t
    prevST = st
  }
  return true
}

/** resets() over a window of floats only: values going down, or starts marking a reset. */
function floatResets(input: RangeInput): RangeOutput {
  const { ft, fv, fStart, fEnd, fst } = input
  if (fEnd === fStart) return null
  let resets = 0
  for (let i = fStart + 1; i < fEnd; i++) {
    if ((fv[i] as number) < (fv[i - 1] as number)) resets++
    else if (
      fst !== undefined &&
      isStartTimestampReset(fst[i - 1] as number, ft[i - 1] as number, fst[i] as number, ft[i] as number)
    )
      resets++
  }
  return resets
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
    if (input.histograms.length === 0) return floatResets(input)
    let resets = 0
    const any = forEachPair(input, (prev, curr, stReset) => {
      if (typeof prev === 'number' && typeof curr === 'number') {
        if (curr < prev || stReset) resets++
      } else if (typeof prev === 'number' || typeof curr === 'number') resets++
      else if (stReset || detectHistogramReset(curr, prev)) resets++
    })
    return any ? resets : null
  },
}
