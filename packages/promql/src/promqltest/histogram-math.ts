import type { BucketSpan, CounterResetHint, NativeHistogram } from '@watchfire/model'

/**
 * Just enough float-histogram arithmetic for the script notation `{{A}}+{{B}}xN` and for result
 * comparison: add/subtract with schema and zero-bucket reconciliation, and compaction.
 */

/** Thrown when two histograms cannot be combined (exponential with custom buckets). */
export class HistogramMathError extends Error {}

type Buckets = Map<number, number>

function toMap(spans: readonly BucketSpan[], counts: readonly number[]): Buckets {
  const out: Buckets = new Map()
  let index = 0
  let k = 0
  for (const span of spans) {
    index += span.offset
    for (let j = 0; j < span.length; j++) out.set(index + j, counts[k++] ?? 0)
    index += span.length
  }
  return out
}

function fromMap(map: Buckets): { spans: BucketSpan[]; counts: number[] } {
  const indexes = [...map.keys()].sort((a, b) => a - b)
  const spans: BucketSpan[] = []
  const counts: number[] = []
  let next = 0
  for (const index of indexes) {
    const last = spans[spans.length - 1]
    if (last !== undefined && index === next) last.length++
    else spans.push({ offset: spans.length === 0 ? index : index - next, length: 1 })
    counts.push(map.get(index) as number)
    next = index + 1
  }
  return { spans, counts }
}

/** Maps bucket indexes to a coarser exponential schema: two buckets become one per step. */
function reduceSchema(map: Buckets, from: number, to: number): Buckets {
  if (from === to) return map
  const delta = from - to
  const out: Buckets = new Map()
  for (const [index, count] of map) {
    const target = ((index - 1) >> delta) + 1
    out.set(target, (out.get(target) ?? 0) + count)
  }
  return out
}

/** Maps custom-bucket indexes onto a subset of the bounds (each bucket joins the first bound at or above its own). */
function reduceCustom(map: Buckets, bounds: readonly number[], common: readonly number[]): Buckets {
  const out: Buckets = new Map()
  for (const [index, count] of map) {
    const upper = bounds[index] ?? Infinity
    let target = common.findIndex((b) => b >= upper)
    if (target < 0) target = common.length
    out.set(target, (out.get(target) ?? 0) + count)
  }
  return out
}

/** Moves buckets lying entirely inside a widened zero bucket into the zero count. */
function widenZero(map: Buckets, schema: number, threshold: number): number {
  let moved = 0
  for (const [index, count] of map) {
    if (2 ** (index * 2 ** -schema) <= threshold) {
      moved += count
      map.delete(index)
    }
  }
  return moved
}

/** Combines counter-reset hints the way the script notation does. */
export function combineHints(a: CounterResetHint, b: CounterResetHint): CounterResetHint {
  if (a === b) return a
  // Gauge wins; any other disagreement (unknown vs anything, reset vs not-reset) is unknown.
  return a === 'gauge' || b === 'gauge' ? 'gauge' : 'unknown'
}

/** `a + sign·b`, at the coarser schema and the wider zero bucket of the two. */
export function addHistograms(a: NativeHistogram, b: NativeHistogram, sign: 1 | -1): NativeHistogram {
  const custom = a.schema === -53
  if (custom !== (b.schema === -53)) {
    throw new HistogramMathError('cannot combine a custom-bucket histogram with an exponential one')
  }
  let pa = toMap(a.positiveSpans, a.positiveBuckets)
  let pb = toMap(b.positiveSpans, b.positiveBuckets)
  let na = toMap(a.negativeSpans, a.negativeBuckets)
  let nb = toMap(b.negativeSpans, b.negativeBuckets)
  let schema = Math.min(a.schema, b.schema)
  let customValues: number[] | undefined
  let zeroA = a.zeroCount
  let zeroB = b.zeroCount
  const zeroThreshold = Math.max(a.zeroThreshold, b.zeroThreshold)
  if (custom) {
    const ca = a.customValues ?? []
    const cb = b.customValues ?? []
    customValues = ca.filter((v) => cb.includes(v))
    pa = reduceCustom(pa, ca, customValues)
    pb = reduceCustom(pb, cb, customValues)
    schema = -53
  } else {
    pa = reduceSchema(pa, a.schema, schema)
    pb = reduceSchema(pb, b.schema, schema)
    na = reduceSchema(na, a.schema, schema)
    nb = reduceSchema(nb, b.schema, schema)
    if (a.zeroThreshold < zeroThreshold)
      zeroA += widenZero(pa, schema, zeroThreshold) + widenZero(na, schema, zeroThreshold)
    if (b.zeroThreshold < zeroThreshold)
      zeroB += widenZero(pb, schema, zeroThreshold) + widenZero(nb, schema, zeroThreshold)
  }
  for (const [index, count] of pb) pa.set(index, (pa.get(index) ?? 0) + sign * count)
  for (const [index, count] of nb) na.set(index, (na.get(index) ?? 0) + sign * count)
  const positive = fromMap(pa)
  const negative = fromMap(na)
  const out: NativeHistogram = {
    schema,
    zeroThreshold,
    zeroCount: zeroA + sign * zeroB,
    count: a.count + sign * b.count,
    sum: a.sum + sign * b.sum,
    positiveSpans: positive.spans,
    positiveBuckets: positive.counts,
    negativeSpans: negative.spans,
    negativeBuckets: negative.counts,
    counterResetHint: combineHints(a.counterResetHint ?? 'unknown', b.counterResetHint ?? 'unknown'),
  }
  if (customValues !== undefined) out.customValues = customValues
  return out
}

/** A copy without zero-count buckets, spans rebuilt accordingly. */
export function compactHistogram(h: NativeHistogram): NativeHistogram {
  const drop = (map: Buckets): Buckets => new Map([...map].filter(([, count]) => count !== 0))
  const positive = fromMap(drop(toMap(h.positiveSpans, h.positiveBuckets)))
  const negative = fromMap(drop(toMap(h.negativeSpans, h.negativeBuckets)))
  return {
    ...h,
    positiveSpans: positive.spans,
    positiveBuckets: positive.counts,
    negativeSpans: negative.spans,
    negativeBuckets: negative.counts,
  }
}
