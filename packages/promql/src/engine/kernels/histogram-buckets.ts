import type { BucketSpan, NativeHistogram } from '@watchfire/model'

/**
 * Bucket layout primitives for native histograms: spans ⇄ sorted index lists, bucket bounds,
 * schema reduction and the ordered walk over all buckets that quantile and fraction use.
 */

/** Schema number of native histograms with custom bucket bounds (NHCB). */
export const CUSTOM_BUCKETS_SCHEMA = -53

/** True for custom-bucket histograms (schema -53). */
export function usesCustomBuckets(h: NativeHistogram): boolean {
  return h.schema === CUSTOM_BUCKETS_SCHEMA
}

/** One side's buckets as parallel arrays, indexes strictly ascending. */
export interface BucketList {
  indexes: number[]
  counts: number[]
}

/** Expands spans into a bucket list (empty buckets inside spans are kept). */
export function bucketList(spans: readonly BucketSpan[], counts: readonly number[]): BucketList {
  const out: BucketList = { indexes: [], counts: [] }
  let index = 0
  let k = 0
  for (const span of spans) {
    index += span.offset
    for (let j = 0; j < span.length; j++) {
      out.indexes.push(index + j)
      out.counts.push(counts[k++] ?? 0)
    }
    index += span.length
  }
  return out
}

/** Spans and counts for a bucket list; `dropEmpty` compacts away zero-count buckets. */
export function toSpans(list: BucketList, dropEmpty: boolean): { spans: BucketSpan[]; counts: number[] } {
  const spans: BucketSpan[] = []
  const counts: number[] = []
  let next = 0
  for (let i = 0; i < list.indexes.length; i++) {
    const count = list.counts[i] as number
    if (dropEmpty && count === 0) continue
    const index = list.indexes[i] as number
    const last = spans[spans.length - 1]
    if (last !== undefined && index === next) last.length++
    else spans.push({ offset: spans.length === 0 ? index : index - next, length: 1 })
    counts.push(count)
    next = index + 1
  }
  return { spans, counts }
}

// Bounds within [0.5, 1) for schemas 0..8, so that bound(i) is an exact power-of-two multiple.
const FRACTIONS: number[][] = []
for (let s = 0; s <= 8; s++) {
  const n = 2 ** s
  const row: number[] = []
  for (let k = 0; k < n; k++) row.push(k === 0 ? 0.5 : 2 ** (k / n) / 2)
  FRACTIONS.push(row)
}

/**
 * Upper bound of positive bucket `index` (the lower bound is the bound of `index - 1`). Custom
 * buckets: -1 is -Inf, past the last bound is +Inf. The last finite exponential bucket ends at
 * Number.MAX_VALUE so that ±Inf observations get a bucket of their own.
 */
export function bucketBound(
  index: number,
  schema: number,
  customValues: readonly number[] | undefined,
): number {
  if (schema === CUSTOM_BUCKETS_SCHEMA) {
    const cv = customValues ?? []
    if (index < 0) return -Infinity
    return cv[index] ?? Infinity
  }
  if (schema < 0) {
    const exp = index * 2 ** -schema
    return exp === 1024 ? Number.MAX_VALUE : 2 ** exp
  }
  const n = 2 ** schema
  const fracIndex = ((index % n) + n) % n
  const frac = (FRACTIONS[schema] as number[])[fracIndex] as number
  const exp = Math.floor(index / n) + 1
  if (frac === 0.5 && exp === 1025) return Number.MAX_VALUE
  return frac * 2 ** exp
}

/** Index of bucket `index` of schema `from` in the coarser schema `to`. */
export function reducedIndex(index: number, from: number, to: number): number {
  const delta = from - to
  return Math.floor((index - 1) / 2 ** delta) + 1
}

/** Merges a bucket list into a coarser exponential schema (adjacent buckets add up). */
export function reduceList(list: BucketList, from: number, to: number): BucketList {
  if (from === to) return list
  const out: BucketList = { indexes: [], counts: [] }
  for (let i = 0; i < list.indexes.length; i++) {
    const target = reducedIndex(list.indexes[i] as number, from, to)
    const n = out.indexes.length
    if (n > 0 && out.indexes[n - 1] === target)
      out.counts[n - 1] = (out.counts[n - 1] as number) + (list.counts[i] as number)
    else {
      out.indexes.push(target)
      out.counts.push(list.counts[i] as number)
    }
  }
  return out
}

/** One bucket with absolute bounds, as the ordered walks yield it. */
export interface Bucket {
  lower: number
  upper: number
  count: number
}

/**
 * All buckets from the lowest to the highest bound: negative buckets (most negative first), the
 * zero bucket when populated, then positive buckets. Exponential buckets reaching into the zero
 * bucket are clipped at the zero threshold, as Prometheus's iterator does.
 */
export function allBuckets(h: NativeHistogram): Bucket[] {
  const out: Bucket[] = []
  const zt = h.zeroThreshold
  const custom = usesCustomBuckets(h)
  if (!custom) {
    const neg = bucketList(h.negativeSpans, h.negativeBuckets)
    for (let i = neg.indexes.length - 1; i >= 0; i--) {
      const index = neg.indexes[i] as number
      let upper = -bucketBound(index - 1, h.schema, undefined)
      if (upper < 0 && upper > -zt) upper = -zt
      out.push({ lower: -bucketBound(index, h.schema, undefined), upper, count: neg.counts[i] as number })
    }
    if (h.zeroCount > 0) out.push({ lower: -zt, upper: zt, count: h.zeroCount })
  }
  const pos = bucketList(h.positiveSpans, h.positiveBuckets)
  for (let i = 0; i < pos.indexes.length; i++) {
    const index = pos.indexes[i] as number
    let lower = bucketBound(index - 1, h.schema, h.customValues)
    if (!custom && lower > 0 && lower < zt) lower = zt
    out.push({ lower, upper: bucketBound(index, h.schema, h.customValues), count: pos.counts[i] as number })
  }
  return out
}
