import type { BucketSpan, NativeHistogram } from '@watchfire/model'

/** True if two histograms are the same sample: schema, counts, buckets and hint, floats compared bit-exactly. */
export function histogramsEqual(a: NativeHistogram, b: NativeHistogram): boolean {
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
    numbersEqual(a.negativeBuckets, b.negativeBuckets)
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
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A deep copy, so a caller reusing its histogram object cannot change a stored sample. */
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
  return out
}
