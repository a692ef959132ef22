import type { NativeHistogram } from '@watchfire/model'
import { intersectAscending } from '@watchfire/storage'
import { boundsMatch, zeroCountForThreshold } from './float-histogram.js'
import {
  bucketBound,
  bucketList,
  type BucketList,
  CUSTOM_BUCKETS_SCHEMA,
  reduceList,
  usesCustomBuckets,
} from './histogram-buckets.js'

/**
 * Whether `curr` follows a counter reset after `prev`, as Prometheus's FloatHistogram.DetectReset
 * decides it: the hint wins when it says reset or not-reset; otherwise any bucket (or count, or
 * zero bucket) going down, a finer schema or a narrower zero bucket means a reset.
 */
export function detectHistogramReset(curr: NativeHistogram, prev: NativeHistogram): boolean {
  if (curr.counterResetHint === 'reset') return true
  if (curr.counterResetHint === 'not-reset') return false
  if (curr.count < prev.count) return true
  if (usesCustomBuckets(curr)) {
    if (!usesCustomBuckets(prev)) return true
    const cb = curr.customValues ?? []
    const pb = prev.customValues ?? []
    if (!boundsMatch(cb, pb)) return customBucketsDecreased(curr, prev, cb, pb)
  }
  if (curr.schema > prev.schema) return true
  if (curr.zeroThreshold < prev.zeroThreshold) return true
  const widened = zeroCountForThreshold(prev, curr.zeroThreshold)
  if (widened.threshold !== curr.zeroThreshold) return true
  if (curr.zeroCount < widened.zeroCount) return true
  const sides: [BucketList, BucketList][] = [
    [
      bucketList(curr.positiveSpans, curr.positiveBuckets),
      bucketList(prev.positiveSpans, prev.positiveBuckets),
    ],
    [
      bucketList(curr.negativeSpans, curr.negativeBuckets),
      bucketList(prev.negativeSpans, prev.negativeBuckets),
    ],
  ]
  for (const [c, p] of sides) {
    const cr = outsideZero(c, curr.schema, curr.zeroThreshold)
    const pr = outsideZero(reduceList(p, prev.schema, curr.schema), curr.schema, curr.zeroThreshold)
    if (bucketsDecreased(cr, pr)) return true
  }
  return false
}

/** Buckets whose upper bound lies above the zero threshold (custom buckets are all kept). */
function outsideZero(list: BucketList, schema: number, threshold: number): BucketList {
  if (schema === CUSTOM_BUCKETS_SCHEMA) return list
  const out: BucketList = { indexes: [], counts: [] }
  for (let i = 0; i < list.indexes.length; i++) {
    const index = list.indexes[i] as number
    if (bucketBound(index, schema, undefined) <= threshold) continue
    out.indexes.push(index)
    out.counts.push(list.counts[i] as number)
  }
  return out
}

/** A previous bucket is populated but missing now, or a common bucket went down. */
function bucketsDecreased(curr: BucketList, prev: BucketList): boolean {
  let j = 0
  for (let i = 0; i < prev.indexes.length; i++) {
    const index = prev.indexes[i] as number
    const p = prev.counts[i] as number
    while (j < curr.indexes.length && (curr.indexes[j] as number) < index) j++
    if (curr.indexes[j] === index) {
      if ((curr.counts[j] as number) < p) return true
    } else if (p !== 0) return true
  }
  return false
}

/** For custom buckets with different bounds: compares the sums rolled up to each common bound. */
function customBucketsDecreased(
  curr: NativeHistogram,
  prev: NativeHistogram,
  currBounds: readonly number[],
  prevBounds: readonly number[],
): boolean {
  const common = [...intersectAscending(currBounds, prevBounds), Infinity]
  const rolled = (h: NativeHistogram, bounds: readonly number[]): number[] => {
    const sums = common.map(() => 0)
    const list = bucketList(h.positiveSpans, h.positiveBuckets)
    let k = 0
    for (let i = 0; i < list.indexes.length; i++) {
      const upper = bounds[list.indexes[i] as number] ?? Infinity
      while ((common[k] as number) < upper) k++
      sums[k] = (sums[k] as number) + (list.counts[i] as number)
    }
    return sums
  }
  const c = rolled(curr, currBounds)
  const p = rolled(prev, prevBounds)
  return c.some((v, i) => v < (p[i] as number))
}
