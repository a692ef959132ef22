import type { NativeHistogram } from '@watchfire/model'
import type { FPoint, HPoint } from '../../value.js'
import { ANNOTATIONS, type HistogramOperation } from './annotation-texts.js'
import { HistogramKahanSum, type KahanAddNotes } from './histogram-kahan-sum.js'
import { copyHistogram, divideHistogram, IncompatibleHistogramSchemaError } from './float-histogram.js'
import { kahanAdd, type KahanPair, kahanTotal } from './kahan.js'
import type { RangeInput, RangeOutput } from './range-types.js'
import { sampleQuantile } from './sample-quantile.js'

/** The *_over_time kernels: aggregations of one series' samples within the window. */

type Kernel = (input: RangeInput) => RangeOutput

function hasAny(input: RangeInput): boolean {
  return input.floats.length > 0 || input.histograms.length > 0
}

/**
 * Wraps a float-only aggregation: no output without floats, and an info when histograms in the
 * same window are ignored.
 */
function floatsOnly(fn: (floats: readonly FPoint[], input: RangeInput) => number): Kernel {
  return (input) => {
    if (input.floats.length === 0) return null
    if (input.histograms.length > 0)
      input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
    return { f: fn(input.floats, input) }
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
  return { h: acc.total(mean && !incremental ? points.length : 1) }
}

function mixedWarning(input: RangeInput): boolean {
  if (input.floats.length > 0 && input.histograms.length > 0) {
    input.annotations.warn(ANNOTATIONS.mixedFloatsHistograms(input.metricName))
    return true
  }
  return false
}

/** Kahan-compensated mean that falls back to an incremental mean once the direct sum overflows. */
export function floatMean(floats: readonly FPoint[]): number {
  const acc: KahanPair = { sum: (floats[0] as FPoint).f, c: 0 }
  let mean = 0
  let incremental = false
  for (let i = 1; i < floats.length; i++) {
    const f = (floats[i] as FPoint).f
    const count = i + 1
    if (!incremental) {
      const probe: KahanPair = { sum: acc.sum, c: acc.c }
      kahanAdd(probe, f)
      if (probe.sum !== Infinity && probe.sum !== -Infinity) {
        acc.sum = probe.sum
        acc.c = probe.c
        continue
      }
      incremental = true
      mean = acc.sum / (count - 1)
      acc.c /= count - 1
    }
    const q = (count - 1) / count
    const step: KahanPair = { sum: q * mean, c: q * acc.c }
    kahanAdd(step, f / count)
    mean = step.sum
    acc.c = step.c
  }
  if (incremental) return mean + acc.c
  return acc.sum / floats.length + acc.c / floats.length
}

/** Population variance with Kahan-compensated Welford updates. */
function floatVariance(floats: readonly FPoint[]): number {
  let count = 0
  const mean: KahanPair = { sum: 0, c: 0 }
  const aux: KahanPair = { sum: 0, c: 0 }
  for (const p of floats) {
    count++
    const delta = p.f - (mean.sum + mean.c)
    kahanAdd(mean, delta / count)
    kahanAdd(aux, delta * (p.f - (mean.sum + mean.c)))
  }
  return (aux.sum + aux.c) / count
}

/** Value (or timestamp in seconds) of the sample that `better` prefers; NaN yields to any number. */
function pick(
  floats: readonly FPoint[],
  better: (cur: number, best: number) => boolean,
  timestamp: boolean,
): number {
  let best = (floats[0] as FPoint).f
  let bestT = (floats[0] as FPoint).t
  for (const p of floats) {
    if (better(p.f, best) || Number.isNaN(best)) {
      best = p.f
      bestT = p.t
    }
  }
  return timestamp ? bestT / 1000 : best
}

/** The *_over_time kernels keyed by function name. */
export const OVER_TIME_KERNELS: Readonly<Record<string, Kernel>> = {
  avg_over_time: (input) => {
    if (mixedWarning(input)) return null
    if (input.floats.length > 0) return { f: floatMean(input.floats) }
    return input.histograms.length > 0 ? histogramAggregate(input, true) : null
  },
  sum_over_time: (input) => {
    if (mixedWarning(input)) return null
    if (input.floats.length > 0) {
      const acc: KahanPair = { sum: 0, c: 0 }
      for (const p of input.floats) kahanAdd(acc, p.f)
      return { f: kahanTotal(acc) }
    }
    return input.histograms.length > 0 ? histogramAggregate(input, false) : null
  },
  count_over_time: (input) => (hasAny(input) ? { f: input.floats.length + input.histograms.length } : null),
  present_over_time: (input) => (hasAny(input) ? { f: 1 } : null),
  // The evaluator produces absent_over_time's output for series-less windows; a window with data yields 1 here.
  absent_over_time: (input) => (hasAny(input) ? { f: 1 } : null),
  first_over_time: (input) => {
    const f = input.floats[0]
    const h = input.histograms[0]
    if (h === undefined || (f !== undefined && f.t < h.t)) return f === undefined ? null : { f: f.f }
    return { h: copyHistogram(h.h) }
  },
  last_over_time: (input) => {
    const f = input.floats[input.floats.length - 1]
    const h = input.histograms[input.histograms.length - 1]
    if (h === undefined || (f !== undefined && h.t < f.t)) return f === undefined ? null : { f: f.f }
    return { h: copyHistogram(h.h) }
  },
  ts_of_first_over_time: (input) => {
    if (!hasAny(input)) return null
    const t = Math.min(input.floats[0]?.t ?? Infinity, input.histograms[0]?.t ?? Infinity)
    return { f: t / 1000 }
  },
  ts_of_last_over_time: (input) => {
    if (!hasAny(input)) return null
    const t = Math.max(
      input.floats[input.floats.length - 1]?.t ?? -Infinity,
      input.histograms[input.histograms.length - 1]?.t ?? -Infinity,
    )
    return { f: t / 1000 }
  },
  max_over_time: floatsOnly((floats) => pick(floats, (cur, best) => cur > best, false)),
  min_over_time: floatsOnly((floats) => pick(floats, (cur, best) => cur < best, false)),
  ts_of_max_over_time: floatsOnly((floats) => pick(floats, (cur, best) => cur >= best, true)),
  ts_of_min_over_time: floatsOnly((floats) => pick(floats, (cur, best) => cur <= best, true)),
  stddev_over_time: floatsOnly((floats) => Math.sqrt(floatVariance(floats))),
  stdvar_over_time: floatsOnly((floats) => floatVariance(floats)),
  mad_over_time: floatsOnly((floats) => {
    const values = floats.map((p) => p.f)
    // NaN makes the median, and so the deviation, undefined.
    if (values.some(Number.isNaN)) return NaN
    const median = sampleQuantile(0.5, values)
    return sampleQuantile(
      0.5,
      values.map((v) => Math.abs(v - median)),
    )
  }),
  quantile_over_time: (input) => {
    if (input.floats.length === 0) return null
    const q = input.params[0] ?? NaN
    if (Number.isNaN(q) || q < 0 || q > 1) input.annotations.warn(ANNOTATIONS.invalidQuantile(q))
    if (input.histograms.length > 0)
      input.annotations.info(ANNOTATIONS.histogramIgnoredInMixedRange(input.metricName))
    return {
      f: sampleQuantile(
        q,
        input.floats.map((p) => p.f),
      ),
    }
  },
}
