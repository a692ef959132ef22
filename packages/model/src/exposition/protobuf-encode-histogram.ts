import type { BucketSpan, HistogramValue, NativeHistogram } from '../metric-family.js'
import type { ProtoWriter } from '../protobuf/wire-writer.js'
import {
  encodeError,
  isIntegerCount,
  writeExemplar,
  writePackedDoubles,
  writeTimestamp,
} from './protobuf-encode-parts.js'
import { BucketTag, HistogramTag, SpanTag } from './protobuf-schema.js'

function allIntegerCounts(values: readonly number[]): boolean {
  for (const v of values) if (!isIntegerCount(v)) return false
  return true
}

/** Float histograms (non-integer counts) carry absolute `*_count` doubles instead of integer deltas. */
function isFloatNative(nh: NativeHistogram, count: number): boolean {
  return (
    !isIntegerCount(count) ||
    !isIntegerCount(nh.zeroCount) ||
    !allIntegerCounts(nh.positiveBuckets) ||
    !allIntegerCounts(nh.negativeBuckets)
  )
}

function checkSpans(
  spans: readonly BucketSpan[],
  buckets: readonly number[],
  side: string,
  family: string,
): void {
  let total = 0
  for (const span of spans) total += span.length
  if (total !== buckets.length) {
    throw encodeError(`${side} spans cover ${total} buckets but ${buckets.length} counts are given`, family)
  }
}

function writeSpans(w: ProtoWriter, fieldTag: number, spans: readonly BucketSpan[]): void {
  for (const span of spans) {
    w.uint32(fieldTag)
    const start = w.fork()
    if (span.offset !== 0) {
      w.uint32(SpanTag.offset)
      w.sint32(span.offset)
    }
    if (span.length !== 0) {
      w.uint32(SpanTag.length)
      w.uint32(span.length)
    }
    w.join(start)
  }
}

/** Writes absolute integer counts as the deltas the format wants: each bucket minus the one before it. */
function writeDeltas(w: ProtoWriter, fieldTag: number, counts: readonly number[]): void {
  if (counts.length === 0) return
  w.uint32(fieldTag)
  const start = w.fork()
  let previous = 0
  for (const count of counts) {
    w.sint64(count - previous)
    previous = count
  }
  w.join(start)
}

function writeNative(w: ProtoWriter, nh: NativeHistogram, float: boolean, family: string): void {
  // metrics.proto has no custom_values field: custom-bucket histograms are exposed as classic buckets.
  if (nh.schema === -53)
    throw encodeError('custom-bucket native histograms (schema -53) have no protobuf exposition', family)
  checkSpans(nh.negativeSpans, nh.negativeBuckets, 'negative', family)
  checkSpans(nh.positiveSpans, nh.positiveBuckets, 'positive', family)
  if (nh.schema !== 0) {
    w.uint32(HistogramTag.schema)
    w.sint32(nh.schema)
  }
  w.doubleField(HistogramTag.zeroThreshold, nh.zeroThreshold)
  if (float) w.doubleField(HistogramTag.zeroCountFloat, nh.zeroCount)
  else w.uint64Field(HistogramTag.zeroCount, nh.zeroCount)

  writeSpans(w, HistogramTag.negativeSpan, nh.negativeSpans)
  if (float) writePackedDoubles(w, HistogramTag.negativeCount, nh.negativeBuckets)
  else writeDeltas(w, HistogramTag.negativeDelta, nh.negativeBuckets)

  // Prometheus takes a histogram for native only if it has spans, a zero threshold or an (integer) zero
  // count. Like client_golang, mark an otherwise empty native histogram with a no-op span, else a scraper
  // would ingest it as a classic histogram with no buckets.
  const recognisable =
    nh.positiveSpans.length > 0 ||
    nh.negativeSpans.length > 0 ||
    nh.zeroThreshold > 0 ||
    (!float && nh.zeroCount > 0)
  if (recognisable) writeSpans(w, HistogramTag.positiveSpan, nh.positiveSpans)
  else {
    w.uint32(HistogramTag.positiveSpan)
    w.uint32(0)
  }
  if (float) writePackedDoubles(w, HistogramTag.positiveCount, nh.positiveBuckets)
  else writeDeltas(w, HistogramTag.positiveDelta, nh.positiveBuckets)
}

/**
 * Writes the body of a Histogram message (fields in number order, as Go marshals them).
 *
 * `sample_count`/`sample_sum` come from `h.count`/`h.sum`, not from `h.native`, which carries the same
 * totals. A non-integer count goes into `sample_count_float`, and a native histogram with any non-integer
 * count is written as a float histogram (absolute `*_count` doubles) so Prometheus decodes it as one.
 */
export function writeHistogram(w: ProtoWriter, h: HistogramValue, family: string): void {
  const nh = h.native
  const float = nh !== undefined ? isFloatNative(nh, h.count) : !isIntegerCount(h.count)
  if (!float) w.uint64Field(HistogramTag.sampleCount, h.count)
  w.doubleField(HistogramTag.sampleSum, h.sum)
  for (const bucket of h.buckets) {
    w.uint32(HistogramTag.bucket)
    const start = w.fork()
    const integer = isIntegerCount(bucket.cumulativeCount)
    if (integer) w.uint64Field(BucketTag.cumulativeCount, bucket.cumulativeCount)
    w.doubleField(BucketTag.upperBound, bucket.upperBound)
    if (bucket.exemplar !== undefined) writeExemplar(w, BucketTag.exemplar, bucket.exemplar)
    if (!integer) w.doubleField(BucketTag.cumulativeCountFloat, bucket.cumulativeCount)
    w.join(start)
  }
  if (float) w.doubleField(HistogramTag.sampleCountFloat, h.count)
  if (nh !== undefined) writeNative(w, nh, float, family)
  if (h.createdMs !== undefined) writeTimestamp(w, HistogramTag.startTimestamp, h.createdMs)
  if (h.exemplars !== undefined) for (const e of h.exemplars) writeExemplar(w, HistogramTag.exemplars, e)
}
