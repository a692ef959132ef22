import type { BucketSpan, NativeHistogram } from '@watchfire/model'
import { MAX_SCHEMA, MIN_SCHEMA, bucketIndex } from './native-bucket-index.js'
import { MetricConfigError } from '../errors.js'

/** Options of {@link NativeHistogramBuckets}. */
export interface NativeHistogramBucketsOptions {
  /** Initial resolution: bucket width factor `2^(2^-schema)`; an integer in -4..8, default 3 (≈ 9 % wide). */
  schema?: number
  /** Observations with `|v| <= zeroThreshold` go to the zero bucket; default 2^-128 (client_golang's). */
  zeroThreshold?: number
  /** Most populated buckets (positive plus negative) before halving the resolution; default 160, 0 = no limit. */
  maxBuckets?: number
}

const DEFAULT_SCHEMA = 3
const DEFAULT_ZERO_THRESHOLD = 2 ** -128
const DEFAULT_MAX_BUCKETS = 160
// Gaps of at most this many empty buckets are sent as zero counts rather than a new span (client_golang's rule).
const MAX_GAP_FILLED = 2

/**
 * The sparse buckets of a native histogram, as client_golang keeps them.
 *
 * Counts observations into exponential buckets of the current schema (bucket `i` covers
 * `(2^((i-1)·2^-s), 2^(i·2^-s)]`, mirrored for negative values), or into the zero bucket. When more than
 * `maxBuckets` buckets are populated, the schema drops by one (adjacent pairs of buckets merge) until the
 * limit holds or the schema reaches -4; client_golang's other strategies (resetting, widening the zero bucket)
 * are not implemented. NaN observations are ignored here: as in client_golang, they count in the histogram's
 * count and sum, which the caller keeps, but in no bucket. ±Infinity goes one bucket above the largest
 * finite value's.
 *
 * Not safe for concurrent use from several workers; one instance belongs to one series.
 */
export class NativeHistogramBuckets {
  private readonly initialSchema: number
  private readonly zeroThreshold: number
  private readonly maxBuckets: number
  private currentSchema: number
  private positive = new Map<number, number>()
  private negative = new Map<number, number>()
  private zeroCount = 0

  constructor(opts: NativeHistogramBucketsOptions = {}) {
    const schema = opts.schema ?? DEFAULT_SCHEMA
    const zeroThreshold = opts.zeroThreshold ?? DEFAULT_ZERO_THRESHOLD
    const maxBuckets = opts.maxBuckets ?? DEFAULT_MAX_BUCKETS
    if (!Number.isInteger(schema) || schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
      throw invalidOption(`schema must be an integer in ${MIN_SCHEMA}..${MAX_SCHEMA}, got ${schema}`)
    }
    if (!(zeroThreshold >= 0) || !Number.isFinite(zeroThreshold)) {
      throw invalidOption(`zeroThreshold must be a finite number >= 0, got ${zeroThreshold}`)
    }
    if (!Number.isInteger(maxBuckets) || maxBuckets < 0) {
      throw invalidOption(`maxBuckets must be an integer >= 0, got ${maxBuckets}`)
    }
    this.initialSchema = schema
    this.currentSchema = schema
    this.zeroThreshold = zeroThreshold
    this.maxBuckets = maxBuckets
  }

  /** The current schema: the initial one, or lower after resolution reductions. */
  get schema(): number {
    return this.currentSchema
  }

  /** How many positive and negative buckets are populated. */
  get populatedBuckets(): number {
    return this.positive.size + this.negative.size
  }

  /** Counts one observation into its bucket; NaN is ignored (see the class comment). */
  observe(value: number): void {
    if (value !== value) return
    let buckets: Map<number, number>
    if (value > this.zeroThreshold) buckets = this.positive
    else if (value < -this.zeroThreshold) buckets = this.negative
    else {
      this.zeroCount++
      return
    }
    const key = bucketIndex(value, this.currentSchema)
    const previous = buckets.get(key)
    buckets.set(key, previous === undefined ? 1 : previous + 1)
    if (previous === undefined && this.maxBuckets > 0) this.limitBuckets()
  }

  /**
   * The buckets in model form with absolute counts; `count` and `sum` are the histogram's own, passed through.
   * Spans follow client_golang: a new span starts after a gap of more than two empty buckets, shorter gaps are
   * carried as zero counts.
   */
  snapshot(count: number, sum: number): NativeHistogram {
    const positive = toSpans(this.positive)
    const negative = toSpans(this.negative)
    return {
      schema: this.currentSchema,
      zeroThreshold: this.zeroThreshold,
      zeroCount: this.zeroCount,
      count,
      sum,
      positiveSpans: positive.spans,
      positiveBuckets: positive.buckets,
      negativeSpans: negative.spans,
      negativeBuckets: negative.buckets,
    }
  }

  /** Forgets every observation and restores the initial schema. */
  reset(): void {
    this.positive.clear()
    this.negative.clear()
    this.zeroCount = 0
    this.currentSchema = this.initialSchema
  }

  private limitBuckets(): void {
    while (this.positive.size + this.negative.size > this.maxBuckets && this.currentSchema > MIN_SCHEMA) {
      this.positive = halveResolution(this.positive)
      this.negative = halveResolution(this.negative)
      this.currentSchema--
    }
  }
}

// Bucket i of schema s lies within bucket ceil(i/2) of schema s-1, whose upper bound 2^(2·ceil(i/2)·2^-s) is
// the first even-indexed bound at or above bucket i's.
function halveResolution(buckets: Map<number, number>): Map<number, number> {
  const merged = new Map<number, number>()
  for (const [key, count] of buckets) {
    // ceil(key / 2) without producing -0 for key -1.
    const target = (key + 1) >> 1
    merged.set(target, (merged.get(target) ?? 0) + count)
  }
  return merged
}

function toSpans(buckets: Map<number, number>): { spans: BucketSpan[]; buckets: number[] } {
  const spans: BucketSpan[] = []
  const counts: number[] = []
  if (buckets.size === 0) return { spans, buckets: counts }
  const keys = Float64Array.from(buckets.keys()).sort()
  let span: BucketSpan | undefined
  let previous = 0
  for (const key of keys) {
    const gap = key - previous - 1
    if (span === undefined || gap > MAX_GAP_FILLED) {
      span = { offset: span === undefined ? key : gap, length: 0 }
      spans.push(span)
    } else {
      for (let i = 0; i < gap; i++) counts.push(0)
      span.length += gap
    }
    counts.push(buckets.get(key) as number)
    span.length++
    previous = key
  }
  return { spans, buckets: counts }
}

function invalidOption(detail: string): MetricConfigError {
  return new MetricConfigError(`cannot create native histogram buckets (${detail})`)
}
