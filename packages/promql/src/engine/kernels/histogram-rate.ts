import { emptyHistogram, type NativeHistogram } from '@watchfire/model'
import type { HPoint } from '../../value.js'
import { ANNOTATIONS } from './annotation-texts.js'
import { detectHistogramReset } from './counter-reset.js'
import {
  addHistograms,
  compactHistogram,
  histogramToSchema,
  IncompatibleHistogramSchemaError,
} from './float-histogram.js'
import { usesCustomBuckets } from './histogram-buckets.js'
import type { RangeInput } from './range-types.js'
import { isStartTimestampReset, startTimeOverlaps } from './start-timestamps.js'

/** The histogram side of rate, increase and delta (Prometheus's histogramRate). */

/** `a + b` with Prometheus's annotations; undefined (after a warning) when the layouts cannot mix. */
export function addHistogramsAnnotated(
  input: RangeInput,
  a: NativeHistogram,
  b: NativeHistogram,
): NativeHistogram | undefined {
  try {
    const sum = addHistograms(a, b, 1)
    if (sum.customBoundsReconciled) input.annotations.info(ANNOTATIONS.mismatchedCustomBuckets('addition'))
    return sum.h
  } catch (err) {
    if (!(err instanceof IncompatibleHistogramSchemaError)) throw err
    input.annotations.warn(ANNOTATIONS.mixedExponentialCustom(input.metricName))
    return undefined
  }
}

/**
 * last − first over histograms, adding back the value before each counter reset (told by the
 * histograms or by start timestamps, `sts[stAt + k]` for the k-th point); undefined after a warning.
 */
export function histogramRate(
  input: RangeInput,
  isCounter: boolean,
  sts: Float64Array | undefined,
  stAt: number,
): NativeHistogram | undefined {
  const points = input.histograms
  const stReset = (k: number): boolean =>
    sts !== undefined &&
    isStartTimestampReset(
      sts[stAt + k - 1] as number,
      (points[k - 1] as HPoint).t,
      sts[stAt + k] as number,
      (points[k] as HPoint).t,
    )
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
    if (stReset(1) || detectHistogramReset(second, prev)) {
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
      let warned = false
      for (let i = 1; i < points.length; i++) {
        const curr = (points[i] as HPoint).h
        if (
          !warned &&
          sts !== undefined &&
          startTimeOverlaps(sts[stAt + i - 1] as number, (points[i - 1] as HPoint).t, sts[stAt + i] as number)
        ) {
          input.annotations.warn(ANNOTATIONS.startTimeOverlap(name))
          warned = true
        }
        if (stReset(i) || detectHistogramReset(curr, before)) {
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
  const out = emptyHistogram(h.schema)
  if (h.customValues !== undefined) out.customValues = h.customValues
  return out
}
