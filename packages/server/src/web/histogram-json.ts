import type { BucketSpan, NativeHistogram } from '@watchfire/model'
import { formatApiFloat } from './json-numbers.js'

/**
 * Boundary rule codes of the API's histogram buckets: 0 open left `(a,b]`, 1 open right `[a,b)`,
 * 2 open both, 3 closed both.
 */
const OPEN_LEFT = 0
const OPEN_RIGHT = 1
const CLOSED_BOTH = 3

const CUSTOM_BUCKETS_SCHEMA = -53

function forEachBucket(
  spans: readonly BucketSpan[],
  counts: readonly number[],
  fn: (index: number, count: number) => void,
): void {
  let index = 0
  let k = 0
  for (const span of spans) {
    index += span.offset
    for (let j = 0; j < span.length; j++) fn(index + j, counts[k++] ?? 0)
    index += span.length
  }
}

/**
 * The upper bound of exponential bucket `index`. Positive schemas split each power of two into
 * 2^schema buckets; scaling the within-octave fraction by an exact power of two keeps the bound as
 * close to Go's table-driven value as a double allows.
 */
function upperBound(index: number, schema: number): number {
  if (schema <= 0) return 2 ** (index * 2 ** -schema)
  const perOctave = 2 ** schema
  const octave = Math.floor(index / perOctave)
  const within = index - octave * perOctave
  return 2 ** octave * 2 ** (within / perOctave)
}

function bucket(rule: number, lower: number, upper: number, count: number): string {
  return `[${rule},"${formatApiFloat(lower)}","${formatApiFloat(upper)}","${formatApiFloat(count)}"]`
}

/**
 * A float histogram as Prometheus's API writes it: `{"count":"…","sum":"…","buckets":[[rule,
 * "lower","upper","count"],…]}`, buckets in ascending order (negative, zero, positive), empty
 * buckets left out and `buckets` omitted when none remain.
 */
export function histogramJson(h: NativeHistogram): string {
  const buckets: string[] = []
  if (h.schema === CUSTOM_BUCKETS_SCHEMA) {
    const bounds = h.customValues ?? []
    forEachBucket(h.positiveSpans, h.positiveBuckets, (i, count) => {
      if (count === 0) return
      const lower = i === 0 ? -Infinity : (bounds[i - 1] ?? Infinity)
      buckets.push(bucket(OPEN_LEFT, lower, bounds[i] ?? Infinity, count))
    })
  } else {
    const negative: string[] = []
    forEachBucket(h.negativeSpans, h.negativeBuckets, (i, count) => {
      if (count !== 0)
        negative.push(bucket(OPEN_RIGHT, -upperBound(i, h.schema), -upperBound(i - 1, h.schema), count))
    })
    // Negative buckets come in increasing index order, which is decreasing value: reverse them.
    for (let i = negative.length - 1; i >= 0; i--) buckets.push(negative[i] as string)
    if (h.zeroCount !== 0) buckets.push(bucket(CLOSED_BOTH, -h.zeroThreshold, h.zeroThreshold, h.zeroCount))
    forEachBucket(h.positiveSpans, h.positiveBuckets, (i, count) => {
      if (count !== 0)
        buckets.push(bucket(OPEN_LEFT, upperBound(i - 1, h.schema), upperBound(i, h.schema), count))
    })
  }
  const head = `{"count":"${formatApiFloat(h.count)}","sum":"${formatApiFloat(h.sum)}"`
  return buckets.length === 0 ? `${head}}` : `${head},"buckets":[${buckets.join(',')}]}`
}
