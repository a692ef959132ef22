import type { Bucket, BucketSpan, Exemplar, HistogramValue, NativeHistogram } from '../metric-family.js'
import type { ProtoReader } from '../protobuf/wire-reader.js'
import { readExemplar, readTimestamp } from './protobuf-decode-parts.js'
import { BucketTag, HistogramTag, SpanTag } from './protobuf-schema.js'

/** The native half of a Histogram message as it arrives, before deltas are summed and spans checked. */
interface NativeFields {
  schema: number
  zeroThreshold: number
  zeroCount: number
  zeroCountFloat: number
  negativeSpans: BucketSpan[]
  negativeDeltas: number[]
  negativeCounts: number[]
  positiveSpans: BucketSpan[]
  positiveDeltas: number[]
  positiveCounts: number[]
}

function readSpan(r: ProtoReader): BucketSpan {
  const outer = r.enter()
  let offset = 0
  let length = 0
  while (r.more()) {
    const tag = r.tag()
    if (tag === SpanTag.offset) offset = r.sint32()
    else if (tag === SpanTag.length) length = r.uint32()
    else r.skip(tag)
  }
  r.leave(outer)
  return { offset, length }
}

function readBucket(r: ProtoReader): Bucket {
  const outer = r.enter()
  let cumulativeCount = 0
  let cumulativeCountFloat = 0
  let upperBound = 0
  let exemplar: Exemplar | undefined
  while (r.more()) {
    const tag = r.tag()
    if (tag === BucketTag.cumulativeCount) cumulativeCount = r.uint64()
    else if (tag === BucketTag.upperBound) upperBound = r.double()
    else if (tag === BucketTag.exemplar) exemplar = readExemplar(r)
    else if (tag === BucketTag.cumulativeCountFloat) cumulativeCountFloat = r.double()
    else r.skip(tag)
  }
  r.leave(outer)
  // As in Prometheus, the float field overrides the integer one only when positive.
  const bucket: Bucket = {
    upperBound,
    cumulativeCount: cumulativeCountFloat > 0 ? cumulativeCountFloat : cumulativeCount,
  }
  if (exemplar !== undefined) bucket.exemplar = exemplar
  return bucket
}

function readPackedSint64(r: ProtoReader, into: number[]): void {
  const outer = r.enter()
  while (r.more()) into.push(r.sint64())
  r.leave(outer)
}

function readPackedDoubles(r: ProtoReader, into: number[]): void {
  const outer = r.enter()
  while (r.more()) into.push(r.double())
  r.leave(outer)
}

/** Drops the lone no-op span (offset 0, length 0) that only marks a histogram as native. */
function withoutNoOpSpan(spans: BucketSpan[]): BucketSpan[] {
  const only = spans.length === 1 ? spans[0] : undefined
  return only !== undefined && only.offset === 0 && only.length === 0 ? [] : spans
}

function bucketsOf(
  r: ProtoReader,
  at: number,
  side: string,
  spans: readonly BucketSpan[],
  float: boolean,
  deltas: readonly number[],
  counts: number[],
): number[] {
  let expected = 0
  for (const span of spans) expected += span.length
  let buckets = counts
  if (!float) {
    buckets = new Array<number>(deltas.length)
    let running = 0
    for (let i = 0; i < deltas.length; i++) {
      running += deltas[i] as number
      buckets[i] = running
    }
  }
  if (buckets.length !== expected) {
    r.fail(
      `histogram ${side} spans cover ${expected} buckets but ${buckets.length} ${float ? 'counts' : 'deltas'} are given`,
      at,
    )
  }
  return buckets
}

/**
 * Reads a Histogram message (its tag already read). It is native, as in Prometheus, when it has spans, a
 * positive zero threshold or a positive zero count; it is a float histogram when `sample_count_float` or
 * `zero_count_float` is positive, and then its buckets come from the absolute `*_count` fields rather
 * than from the deltas. Spans that do not account for exactly the buckets given are a ParseError.
 */
export function readHistogram(r: ProtoReader): HistogramValue {
  const at = r.pos
  const outer = r.enter()
  let sampleCount = 0
  let sampleCountFloat = 0
  let sum = 0
  let createdMs: number | undefined
  const buckets: Bucket[] = []
  const exemplars: Exemplar[] = []
  const n: NativeFields = {
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    zeroCountFloat: 0,
    negativeSpans: [],
    negativeDeltas: [],
    negativeCounts: [],
    positiveSpans: [],
    positiveDeltas: [],
    positiveCounts: [],
  }
  while (r.more()) {
    const tag = r.tag()
    switch (tag) {
      case HistogramTag.sampleCount:
        sampleCount = r.uint64()
        break
      case HistogramTag.sampleCountFloat:
        sampleCountFloat = r.double()
        break
      case HistogramTag.sampleSum:
        sum = r.double()
        break
      case HistogramTag.bucket:
        buckets.push(readBucket(r))
        break
      case HistogramTag.startTimestamp:
        createdMs = readTimestamp(r)
        break
      case HistogramTag.exemplars:
        exemplars.push(readExemplar(r))
        break
      case HistogramTag.schema:
        n.schema = r.sint32()
        break
      case HistogramTag.zeroThreshold:
        n.zeroThreshold = r.double()
        break
      case HistogramTag.zeroCount:
        n.zeroCount = r.uint64()
        break
      case HistogramTag.zeroCountFloat:
        n.zeroCountFloat = r.double()
        break
      case HistogramTag.negativeSpan:
        n.negativeSpans.push(readSpan(r))
        break
      case HistogramTag.negativeDelta:
        readPackedSint64(r, n.negativeDeltas)
        break
      case HistogramTag.negativeDeltaUnpacked:
        n.negativeDeltas.push(r.sint64())
        break
      case HistogramTag.negativeCount:
        readPackedDoubles(r, n.negativeCounts)
        break
      case HistogramTag.negativeCountUnpacked:
        n.negativeCounts.push(r.double())
        break
      case HistogramTag.positiveSpan:
        n.positiveSpans.push(readSpan(r))
        break
      case HistogramTag.positiveDelta:
        readPackedSint64(r, n.positiveDeltas)
        break
      case HistogramTag.positiveDeltaUnpacked:
        n.positiveDeltas.push(r.sint64())
        break
      case HistogramTag.positiveCount:
        readPackedDoubles(r, n.positiveCounts)
        break
      case HistogramTag.positiveCountUnpacked:
        n.positiveCounts.push(r.double())
        break
      default:
        r.skip(tag)
    }
  }
  r.leave(outer)

  const count = sampleCountFloat > 0 ? sampleCountFloat : sampleCount
  const value: HistogramValue = { count, sum, buckets }
  const isNative =
    n.positiveSpans.length > 0 ||
    n.negativeSpans.length > 0 ||
    n.zeroThreshold > 0 ||
    n.zeroCount > 0 ||
    n.zeroCountFloat > 0
  if (isNative) {
    const float = sampleCountFloat > 0 || n.zeroCountFloat > 0
    const native: NativeHistogram = {
      schema: n.schema,
      zeroThreshold: n.zeroThreshold,
      zeroCount: n.zeroCountFloat > 0 ? n.zeroCountFloat : n.zeroCount,
      count,
      sum,
      negativeSpans: withoutNoOpSpan(n.negativeSpans),
      negativeBuckets: bucketsOf(
        r,
        at,
        'negative',
        n.negativeSpans,
        float,
        n.negativeDeltas,
        n.negativeCounts,
      ),
      positiveSpans: withoutNoOpSpan(n.positiveSpans),
      positiveBuckets: bucketsOf(
        r,
        at,
        'positive',
        n.positiveSpans,
        float,
        n.positiveDeltas,
        n.positiveCounts,
      ),
    }
    value.native = native
  }
  if (exemplars.length > 0) value.exemplars = exemplars
  if (createdMs !== undefined) value.createdMs = createdMs
  return value
}
