import type { NativeHistogram } from '@watchfire/model'
import type { HPoint } from '../../value.js'
import { ANNOTATIONS, type HistogramOperation } from './annotation-texts.js'
import { HistogramKahanSum, type KahanAddNotes } from './histogram-kahan-sum.js'
import { copyHistogram, divideHistogram, IncompatibleHistogramSchemaError } from './float-histogram.js'
import { kahanAdd, type KahanPair, kahanTotal } from './kahan.js'
import { type RangeInput, type RangeOutput, windowValues } from './range-types.js'
import { sampleQuantile } from './sample-quantile.js'

/** The *_over_time kernels: aggregations of one series' samples within the window. */

type Kernel = (input: RangeInput) => RangeOutput

function hasAny(input: RangeInput): boolean {
  return input.fEnd > input.fStart || input.histograms.length > 0
}

/**
 * Wraps a float-only aggregation: no output without floats, and an info when histograms in the
 * same window are ignored.
 */
function floatsOnly(fn: (input: RangeInput) => number): Kernel {
  return (input) => {
    if (input.fEnd === input.fStart) return null
    if (input.histograms.length > 0)
      input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
    return fn(input)
  }
}

/** Tracks what Prometheus reports after summing histograms over time. */
class HistogramSumNotes {
  reset = false
  notReset = false
  reconciled = false

  see(h: NativeHistogram): void {
    if (h.counterResetHint === 'reset') this.reset = true
    else if (h.counterResetHint === 'not-reset') this.notReset = true
  }

  noteAdd(notes: KahanAddNotes): void {
    if (notes.customBoundsReconciled) this.reconciled = true
  }

  report(input: RangeInput, operation: HistogramOperation): void {
    if (this.reset && this.notReset) input.annotations.warn(ANNOTATIONS.counterResetCollision(operation))
    if (this.reconciled) input.annotations.info(ANNOTATIONS.mismatchedCustomBuckets(operation))
  }
}

/**
 * Sum (or mean, with `mean`) of the window's histograms, Kahan-compensated; the mean switches to
 * an incremental mean once the direct sum would overflow, as Prometheus's does. Null after a
 * schema-mix warning.
 */
function histogramAggregate(input: RangeInput, mean: boolean): RangeOutput {
  const points = input.histograms
  const notes = new HistogramSumNotes()
  const first = (points[0] as HPoint).h
  notes.see(first)
  let acc = HistogramKahanSum.of(first)
  let incremental = false
  try {
    for (let i = 1; i < points.length; i++) {
      const h = (points[i] as HPoint).h
      notes.see(h)
      const count = i + 1
      if (!mean) {
        notes.noteAdd(acc.add(h))
        continue
      }
      if (!incremental) {
        const next = acc.clone()
        notes.noteAdd(next.add(h))
        if (!next.hasOverflow()) {
          acc = next
          continue
        }
        incremental = true
        acc.divide(count - 1)
      }
      acc.multiply((count - 1) / count)
      notes.noteAdd(acc.add(divideHistogram(h, count)))
    }
  } catch (err) {
    if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
    input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(input.metricName))
    return null
  }
  notes.report(input, 'aggregation')
  return acc.total(mean && !incremental ? points.length : 1)
}

function mixedWarning(input: RangeInput): boolean {
  if (input.fEnd > input.fStart && input.histograms.length > 0) {
    input.annotations.warn(ANNOTATIONS.mixedFloatsHistograms(input.metricName))
    return true
  }
  return false
}

/** Kahan-compensated mean that falls back to an incremental mean once the direct sum overflows. */
function floatMean(fv: Float64Array, start: number, end: number): number {
  const acc: KahanPair = { sum: fv[start] as number, c: 0 }
  let mean = 0
  let incremental = false
  const step: KahanPair = { sum: 0, c: 0 }
  for (let i = start + 1; i < end; i++) {
    const f = fv[i] as number
    const count = i - start + 1
    if (!incremental) {
      // The direct sum is kept while adding f does not overflow it.
      const probe = acc.sum + f
      if (probe !== Infinity && probe !== -Infinity) {
        kahanAdd(acc, f)
        continue
      }
      incremental = true
      mean = acc.sum / (count - 1)
      acc.c /= count - 1
    }
    const q = (count - 1) / count
    step.sum = q * mean
    step.c = q * acc.c
    kahanAdd(step, f / count)
    mean = step.sum
    acc.c = step.c
  }
  if (incremental) return mean + acc.c
  const n = end - start
  return acc.sum / n + acc.c / n
}

/** Population variance with Kahan-compensated Welford updates. */
function floatVariance(input: RangeInput): number {
  let count = 0
  const mean: KahanPair = { sum: 0, c: 0 }
  const aux: KahanPair = { sum: 0, c: 0 }
  for (let i = input.fStart; i < input.fEnd; i++) {
    const f = input.fv[i] as number
    count++
    const delta = f - (mean.sum + mean.c)
    kahanAdd(mean, delta / count)
    kahanAdd(aux, delta * (f - (mean.sum + mean.c)))
  }
  return (aux.sum + aux.c) / count
}

/** Value (or timestamp in seconds) of the sample that `better` prefers; NaN yields to any number. */
function pick(input: RangeInput, better: (cur: number, best: number) => boolean, timestamp: boolean): number {
  const { ft, fv, fStart, fEnd } = input
  let best = fv[fStart] as number
  let bestT = ft[fStart] as number
  for (let i = fStart; i < fEnd; i++) {
    const f = fv[i] as number
    if (better(f, best) || Number.isNaN(best)) {
      best = f
      bestT = ft[i] as number
    }
  }
  return timestamp ? bestT / 1000 : best
}

/** The *_over_time kernels keyed by function name. */
export const OVER_TIME_KERNELS: Readonly<Record<string, Kernel>> = {
  avg_over_time: (input) => {
    if (mixedWarning(input)) return null
    if (input.fEnd > input.fStart) return floatMean(input.fv, input.fStart, input.fEnd)
    return input.histograms.length > 0 ? histogramAggregate(input, true) : null
  },
  sum_over_time: (input) => {
    if (mixedWarning(input)) return null
    if (input.fEnd > input.fStart) {
      const acc: KahanPair = { sum: 0, c: 0 }
      for (let i = input.fStart; i < input.fEnd; i++) kahanAdd(acc, input.fv[i] as number)
      return kahanTotal(acc)
    }
    return input.histograms.length > 0 ? histogramAggregate(input, false) : null
  },
  count_over_time: (input) => (hasAny(input) ? input.fEnd - input.fStart + input.histograms.length : null),
  present_over_time: (input) => (hasAny(input) ? 1 : null),
  // The evaluator produces absent_over_time's output for series-less windows; a window with data yields 1 here.
  absent_over_time: (input) => (hasAny(input) ? 1 : null),
  first_over_time: (input) => {
    const hasFloat = input.fEnd > input.fStart
    const h = input.histograms[0]
    if (h === undefined || (hasFloat && (input.ft[input.fStart] as number) < h.t)) {
      return hasFloat ? (input.fv[input.fStart] as number) : null
    }
    return copyHistogram(h.h)
  },
  last_over_time: (input) => {
    const hasFloat = input.fEnd > input.fStart
    const h = input.histograms[input.histograms.length - 1]
    if (h === undefined || (hasFloat && h.t < (input.ft[input.fEnd - 1] as number))) {
      return hasFloat ? (input.fv[input.fEnd - 1] as number) : null
    }
    return copyHistogram(h.h)
  },
  ts_of_first_over_time: (input) => {
    if (!hasAny(input)) return null
    const ft = input.fEnd > input.fStart ? (input.ft[input.fStart] as number) : Infinity
    return Math.min(ft, input.histograms[0]?.t ?? Infinity) / 1000
  },
  ts_of_last_over_time: (input) => {
    if (!hasAny(input)) return null
    const ft = input.fEnd > input.fStart ? (input.ft[input.fEnd - 1] as number) : -Infinity
    return Math.max(ft, input.histograms[input.histograms.length - 1]?.t ?? -Infinity) / 1000
  },
  max_over_time: floatsOnly((input) => pick(input, (cur, best) => cur > best, false)),
  min_over_time: floatsOnly((input) => pick(input, (cur, best) => cur < best, false)),
  ts_of_max_over_time: floatsOnly((input) => pick(input, (cur, best) => cur >= best, true)),
  ts_of_min_over_time: floatsOnly((input) => pick(input, (cur, best) => cur <= best, true)),
  stddev_over_time: floatsOnly((input) => Math.sqrt(floatVariance(input))),
  stdvar_over_time: floatsOnly((input) => floatVariance(input)),
  mad_over_time: floatsOnly((input) => {
    const values = windowValues(input)
    // NaN makes the median, and so the deviation, undefined.
    if (values.some(Number.isNaN)) return NaN
    const median = sampleQuantile(0.5, values)
    return sampleQuantile(
      0.5,
      values.map((v) => Math.abs(v - median)),
    )
  }),
  quantile_over_time: (input) => {
    if (input.fEnd === input.fStart) return null
    const q = input.params[0] ?? NaN
    if (Number.isNaN(q) || q < 0 || q > 1) input.annotations.warn(ANNOTATIONS.invalidQuantile(q))
    if (input.histograms.length > 0)
      input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
    return sampleQuantile(q, windowValues(input))
  },
}
