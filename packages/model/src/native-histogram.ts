import type { BucketSpan, NativeHistogram } from './metric-family.js'

/**
 * A histogram with no observations and no buckets, in `schema`: the start value of decoders that fill
 * fields in as they read them, and the zero a counter is taken to have had before its first sample.
 */
export function emptyHistogram(schema = 0): NativeHistogram {
  return {
    schema,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
  }
}

/** A deep copy, so a caller that reuses its histogram object cannot change a stored or owned sample. */
export function copyHistogram(h: NativeHistogram): NativeHistogram {
  const out: NativeHistogram = {
    schema: h.schema,
    zeroThreshold: h.zeroThreshold,
    zeroCount: h.zeroCount,
    count: h.count,
    sum: h.sum,
    positiveSpans: h.positiveSpans.map((s) => ({ offset: s.offset, length: s.length })),
    positiveBuckets: h.positiveBuckets.slice(),
    negativeSpans: h.negativeSpans.map((s) => ({ offset: s.offset, length: s.length })),
    negativeBuckets: h.negativeBuckets.slice(),
  }
  if (h.counterResetHint !== undefined) out.counterResetHint = h.counterResetHint
  if (h.customValues !== undefined) out.customValues = h.customValues.slice()
  return out
}

/**
 * True if two histograms are the same sample as stored: schema, hint, spans, buckets and custom bounds
 * equal, floats compared with Object.is. This is the duplicate-sample test of the stores; PromQL's
 * value equality (after compaction) is a different question.
 */
export function identicalHistograms(a: NativeHistogram, b: NativeHistogram): boolean {
  return (
    a.schema === b.schema &&
    Object.is(a.zeroThreshold, b.zeroThreshold) &&
    Object.is(a.zeroCount, b.zeroCount) &&
    Object.is(a.count, b.count) &&
    Object.is(a.sum, b.sum) &&
    (a.counterResetHint ?? 'unknown') === (b.counterResetHint ?? 'unknown') &&
    spansEqual(a.positiveSpans, b.positiveSpans) &&
    spansEqual(a.negativeSpans, b.negativeSpans) &&
    numbersEqual(a.positiveBuckets, b.positiveBuckets) &&
    numbersEqual(a.negativeBuckets, b.negativeBuckets) &&
    numbersEqual(a.customValues ?? [], b.customValues ?? [])
  )
}

function spansEqual(a: readonly BucketSpan[], b: readonly BucketSpan[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i]?.offset !== b[i]?.offset || a[i]?.length !== b[i]?.length) return false
  }
  return true
}

function numbersEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}
