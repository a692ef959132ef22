import { copyHistogram } from '@watchfire/model'
import type { CounterResetHint, NativeHistogram } from '@watchfire/model'
import { WatchfireError } from '@watchfire/model'
import { intersectAscending } from '@watchfire/storage'
import {
  bucketBound,
  bucketList,
  type BucketList,
  CUSTOM_BUCKETS_SCHEMA,
  reduceList,
  toSpans,
  usesCustomBuckets,
} from './histogram-buckets.js'

/**
 * Float-histogram arithmetic after Prometheus's model/histogram/float_histogram.go: every
 * function returns a new histogram and leaves its inputs alone.
 */

/** Adding or subtracting an exponential histogram and a custom-bucket one. */
export class IncompatibleHistogramSchemaError extends WatchfireError {
  constructor() {
    super(
      'ERR_HISTOGRAM_SCHEMA',
      'cannot combine histograms (one uses exponential buckets, the other custom buckets)',
    )
  }
}

/** What an addition or subtraction noticed besides its result. */
export interface HistogramOpResult {
  h: NativeHistogram
  /** One operand said "counter reset", the other "not a counter reset". */
  counterResetCollision: boolean
  /** Custom-bucket operands had different bounds and were mapped onto the common ones. */
  customBoundsReconciled: boolean
}

/** `h · factor`; a negative factor turns the result into a gauge histogram. */
export { copyHistogram }

export function scaleHistogram(h: NativeHistogram, factor: number): NativeHistogram {
  const out = copyHistogram(h)
  out.zeroCount *= factor
  out.count *= factor
  out.sum *= factor
  for (let i = 0; i < out.positiveBuckets.length; i++)
    out.positiveBuckets[i] = (out.positiveBuckets[i] as number) * factor
  for (let i = 0; i < out.negativeBuckets.length; i++)
    out.negativeBuckets[i] = (out.negativeBuckets[i] as number) * factor
  if (factor < 0) out.counterResetHint = 'gauge'
  return out
}

/** `h / divisor`; dividing by zero drops every bucket (count, sum and zero count become ±Inf or NaN). */
export function divideHistogram(h: NativeHistogram, divisor: number): NativeHistogram {
  if (divisor !== 0) {
    const out = copyHistogram(h)
    out.zeroCount /= divisor
    out.count /= divisor
    out.sum /= divisor
    for (let i = 0; i < out.positiveBuckets.length; i++)
      out.positiveBuckets[i] = (out.positiveBuckets[i] as number) / divisor
    for (let i = 0; i < out.negativeBuckets.length; i++)
      out.negativeBuckets[i] = (out.negativeBuckets[i] as number) / divisor
    if (divisor < 0) out.counterResetHint = 'gauge'
    return out
  }
  const out = copyHistogram(h)
  out.zeroCount /= 0
  out.count /= 0
  out.sum /= 0
  out.positiveSpans = []
  out.positiveBuckets = []
  out.negativeSpans = []
  out.negativeBuckets = []
  return out
}

/** A copy without empty buckets. */
export function compactHistogram(h: NativeHistogram): NativeHistogram {
  const pos = toSpans(bucketList(h.positiveSpans, h.positiveBuckets), true)
  const neg = toSpans(bucketList(h.negativeSpans, h.negativeBuckets), true)
  return {
    ...h,
    positiveSpans: pos.spans,
    positiveBuckets: pos.counts,
    negativeSpans: neg.spans,
    negativeBuckets: neg.counts,
  }
}

/** The histogram at a coarser (or the same) exponential schema. */
export function histogramToSchema(h: NativeHistogram, schema: number): NativeHistogram {
  if (schema >= h.schema || usesCustomBuckets(h)) return copyHistogram(h)
  const pos = toSpans(reduceList(bucketList(h.positiveSpans, h.positiveBuckets), h.schema, schema), false)
  const neg = toSpans(reduceList(bucketList(h.negativeSpans, h.negativeBuckets), h.schema, schema), false)
  return {
    ...copyHistogram(h),
    schema,
    positiveSpans: pos.spans,
    positiveBuckets: pos.counts,
    negativeSpans: neg.spans,
    negativeBuckets: neg.counts,
  }
}

/** Bucket-exact equality (after compaction), custom bounds included; counter-reset hints are ignored. */
export function histogramsEqual(a: NativeHistogram, b: NativeHistogram): boolean {
  const same = (x: number, y: number): boolean => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))
  if (a.schema !== b.schema || !same(a.count, b.count) || !same(a.sum, b.sum)) return false
  if (usesCustomBuckets(a) && !boundsMatch(a.customValues ?? [], b.customValues ?? [])) return false
  if (a.zeroThreshold !== b.zeroThreshold || !same(a.zeroCount, b.zeroCount)) return false
  const ca = compactHistogram(a)
  const cb = compactHistogram(b)
  const listsEqual = (x: BucketList, y: BucketList): boolean =>
    x.indexes.length === y.indexes.length &&
    x.indexes.every(
      (index, i) => index === y.indexes[i] && same(x.counts[i] as number, y.counts[i] as number),
    )
  return (
    listsEqual(
      bucketList(ca.positiveSpans, ca.positiveBuckets),
      bucketList(cb.positiveSpans, cb.positiveBuckets),
    ) &&
    listsEqual(
      bucketList(ca.negativeSpans, ca.negativeBuckets),
      bucketList(cb.negativeSpans, cb.negativeBuckets),
    )
  )
}

/** True when both custom-bucket bound lists are identical. */
export function boundsMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** Maps custom buckets onto a subset of their bounds: each joins the first common bound at or above its own. */
export function mapCustomBuckets(
  list: BucketList,
  bounds: readonly number[],
  common: readonly number[],
): BucketList {
  const sums = new Map<number, number>()
  let target = 0
  for (let i = 0; i < list.indexes.length; i++) {
    const upper = bounds[list.indexes[i] as number] ?? Infinity
    while (target < common.length && (common[target] as number) < upper) target++
    sums.set(target, (sums.get(target) ?? 0) + (list.counts[i] as number))
  }
  const indexes = [...sums.keys()].sort((x, y) => x - y)
  return { indexes, counts: indexes.map((k) => sums.get(k) as number) }
}

/** The hint of `a ± b`, and whether the two hints contradicted each other. */
export function combineCounterResetHints(
  a: CounterResetHint,
  b: CounterResetHint,
): { hint: CounterResetHint; collision: boolean } {
  if (a === b || a === 'gauge') return { hint: a, collision: false }
  if (b === 'gauge') return { hint: 'gauge', collision: false }
  if (a === 'unknown' || b === 'unknown') return { hint: 'unknown', collision: false }
  return { hint: 'unknown', collision: true }
}

/**
 * The zero count `h` would have with a zero bucket at least `threshold` wide, and the threshold
 * actually needed: it grows to a bucket's bound when it would split a populated bucket.
 */
export function zeroCountForThreshold(
  h: NativeHistogram,
  threshold: number,
): { zeroCount: number; threshold: number } {
  if (threshold === h.zeroThreshold) return { zeroCount: h.zeroCount, threshold }
  const pos = bucketList(h.positiveSpans, h.positiveBuckets)
  const neg = bucketList(h.negativeSpans, h.negativeBuckets)
  for (;;) {
    let zeroCount = h.zeroCount
    for (let i = 0; i < pos.indexes.length; i++) {
      const index = pos.indexes[i] as number
      const count = pos.counts[i] as number
      if (bucketBound(index - 1, h.schema, undefined) >= threshold) break
      zeroCount += count
      const upper = bucketBound(index, h.schema, undefined)
      if (upper > threshold) {
        if (count !== 0) threshold = upper
        break
      }
    }
    let restart = false
    for (let i = 0; i < neg.indexes.length; i++) {
      const index = neg.indexes[i] as number
      const count = neg.counts[i] as number
      if (bucketBound(index - 1, h.schema, undefined) >= threshold) break
      zeroCount += count
      const upper = bucketBound(index, h.schema, undefined)
      if (upper > threshold) {
        if (count !== 0) {
          threshold = upper
          restart = true
        }
        break
      }
    }
    if (!restart) return { zeroCount, threshold }
  }
}

/** Drops buckets lying inside a zero bucket of `threshold` (their counts already moved there). */
function trimInsideZero(list: BucketList, schema: number, threshold: number): BucketList {
  const out: BucketList = { indexes: [], counts: [] }
  for (let i = 0; i < list.indexes.length; i++) {
    const index = list.indexes[i] as number
    if (bucketBound(index - 1, schema, undefined) < threshold) continue
    out.indexes.push(index)
    out.counts.push(list.counts[i] as number)
  }
  return out
}

/** Adds (sign 1) or subtracts (sign -1) two bucket lists, keeping the union of their indexes. */
function combineLists(a: BucketList, b: BucketList, sign: 1 | -1): BucketList {
  const out: BucketList = { indexes: [], counts: [] }
  let i = 0
  let j = 0
  while (i < a.indexes.length || j < b.indexes.length) {
    const ia = a.indexes[i] ?? Infinity
    const ib = b.indexes[j] ?? Infinity
    if (ia < ib) {
      out.indexes.push(ia)
      out.counts.push(a.counts[i++] as number)
    } else if (ib < ia) {
      out.indexes.push(ib)
      out.counts.push(sign * (b.counts[j++] as number))
    } else {
      out.indexes.push(ia)
      out.counts.push((a.counts[i++] as number) + sign * (b.counts[j++] as number))
    }
  }
  return out
}

/**
 * `a + sign·b` at the coarser schema and a zero bucket wide enough for both; custom-bucket
 * operands with different bounds meet at their common bounds. Throws
 * {@link IncompatibleHistogramSchemaError} for exponential with custom buckets.
 */
export function addHistograms(a: NativeHistogram, b: NativeHistogram, sign: 1 | -1 = 1): HistogramOpResult {
  const custom = usesCustomBuckets(a)
  if (custom !== usesCustomBuckets(b)) throw new IncompatibleHistogramSchemaError()
  const hints = combineCounterResetHints(a.counterResetHint ?? 'unknown', b.counterResetHint ?? 'unknown')
  let pa = bucketList(a.positiveSpans, a.positiveBuckets)
  let pb = bucketList(b.positiveSpans, b.positiveBuckets)
  let customBoundsReconciled = false
  const out: NativeHistogram = {
    schema: a.schema,
    zeroThreshold: a.zeroThreshold,
    zeroCount: a.zeroCount,
    count: a.count + sign * b.count,
    sum: a.sum + sign * b.sum,
    positiveSpans: [],
    positiveBuckets: [],
    negativeSpans: [],
    negativeBuckets: [],
    counterResetHint: hints.hint,
  }
  if (custom) {
    const ca = a.customValues ?? []
    const cb = b.customValues ?? []
    let bounds = [...ca]
    if (!boundsMatch(ca, cb)) {
      customBoundsReconciled = true
      bounds = intersectAscending(ca, cb)
      pa = mapCustomBuckets(pa, ca, bounds)
      pb = mapCustomBuckets(pb, cb, bounds)
    }
    const pos = toSpans(combineLists(pa, pb, sign), false)
    out.schema = CUSTOM_BUCKETS_SCHEMA
    out.zeroThreshold = 0
    out.zeroCount = 0
    out.positiveSpans = pos.spans
    out.positiveBuckets = pos.counts
    out.customValues = bounds
    return { h: out, counterResetCollision: hints.collision, customBoundsReconciled }
  }
  let na = bucketList(a.negativeSpans, a.negativeBuckets)
  let nb = bucketList(b.negativeSpans, b.negativeBuckets)
  const schema = Math.min(a.schema, b.schema)
  pa = reduceList(pa, a.schema, schema)
  na = reduceList(na, a.schema, schema)
  pb = reduceList(pb, b.schema, schema)
  nb = reduceList(nb, b.schema, schema)
  const ra: NativeHistogram = { ...a, schema, ...listsToFields(pa, na) }
  const rb: NativeHistogram = { ...b, schema, ...listsToFields(pb, nb) }
  // Widen both zero buckets until they agree; widening can land inside a populated bucket and
  // then has to grow further, which is why this loops.
  let threshold = Math.max(a.zeroThreshold, b.zeroThreshold)
  let za = zeroCountForThreshold(ra, threshold)
  let zb = zeroCountForThreshold(rb, za.threshold)
  while (za.threshold !== zb.threshold) {
    threshold = Math.max(za.threshold, zb.threshold)
    za = zeroCountForThreshold(ra, threshold)
    zb = zeroCountForThreshold(rb, threshold)
  }
  threshold = za.threshold
  if (threshold !== a.zeroThreshold) {
    pa = trimInsideZero(pa, schema, threshold)
    na = trimInsideZero(na, schema, threshold)
  }
  if (threshold !== b.zeroThreshold) {
    pb = trimInsideZero(pb, schema, threshold)
    nb = trimInsideZero(nb, schema, threshold)
  }
  out.schema = schema
  out.zeroThreshold = threshold
  out.zeroCount = za.zeroCount + sign * zb.zeroCount
  Object.assign(out, listsToFields(combineLists(pa, pb, sign), combineLists(na, nb, sign)))
  return { h: out, counterResetCollision: hints.collision, customBoundsReconciled: false }
}

function listsToFields(
  pos: BucketList,
  neg: BucketList,
): Pick<NativeHistogram, 'positiveSpans' | 'positiveBuckets' | 'negativeSpans' | 'negativeBuckets'> {
  const p = toSpans(pos, false)
  const n = toSpans(neg, false)
  return {
    positiveSpans: p.spans,
    positiveBuckets: p.counts,
    negativeSpans: n.spans,
    negativeBuckets: n.counts,
  }
}

/** True if any count, the sum or a custom bound is infinite (a running sum overflowed). */
export function histogramHasOverflow(h: NativeHistogram): boolean {
  const inf = (v: number): boolean => v === Infinity || v === -Infinity
  return (
    inf(h.zeroCount) ||
    inf(h.count) ||
    inf(h.sum) ||
    h.positiveBuckets.some(inf) ||
    h.negativeBuckets.some(inf) ||
    (h.customValues ?? []).some(inf)
  )
}
