/**
 * Field numbers of io.prometheus.client (prometheus/prompb/io/prometheus/client/metrics.proto), written
 * once here for the encoder and the decoder. Each constant is the whole tag, `field << 3 | wire type`,
 * so a decoder can switch on the tag it read: a known field arriving with an unexpected wire type then
 * falls through to `skip`, as protobuf parsers treat it as unknown. Packed repeated fields have a second
 * constant for their unpacked form, which parsers must also accept.
 */

const VARINT = 0
const FIXED64 = 1
const LEN = 2

function tag(field: number, wireType: number): number {
  return (field << 3) | wireType
}

/** Tags of MetricFamily. */
export const FamilyTag = {
  name: tag(1, LEN),
  help: tag(2, LEN),
  type: tag(3, VARINT),
  metric: tag(4, LEN),
  unit: tag(5, LEN),
} as const

/** Tags of Metric. */
export const MetricTag = {
  label: tag(1, LEN),
  gauge: tag(2, LEN),
  counter: tag(3, LEN),
  summary: tag(4, LEN),
  untyped: tag(5, LEN),
  timestampMs: tag(6, VARINT),
  histogram: tag(7, LEN),
} as const

/** Tags of LabelPair. */
export const LabelPairTag = { name: tag(1, LEN), value: tag(2, LEN) } as const

/** Tags of Gauge and Untyped (both carry only a value). */
export const ValueTag = { value: tag(1, FIXED64) } as const

/** Tags of Counter. */
export const CounterTag = {
  value: tag(1, FIXED64),
  exemplar: tag(2, LEN),
  startTimestamp: tag(3, LEN),
} as const

/** Tags of Quantile. */
export const QuantileTag = { quantile: tag(1, FIXED64), value: tag(2, FIXED64) } as const

/** Tags of Summary. */
export const SummaryTag = {
  sampleCount: tag(1, VARINT),
  sampleSum: tag(2, FIXED64),
  quantile: tag(3, LEN),
  startTimestamp: tag(4, LEN),
} as const

/** Tags of Histogram, classic and native fields. */
export const HistogramTag = {
  sampleCount: tag(1, VARINT),
  sampleSum: tag(2, FIXED64),
  bucket: tag(3, LEN),
  sampleCountFloat: tag(4, FIXED64),
  schema: tag(5, VARINT),
  zeroThreshold: tag(6, FIXED64),
  zeroCount: tag(7, VARINT),
  zeroCountFloat: tag(8, FIXED64),
  negativeSpan: tag(9, LEN),
  negativeDelta: tag(10, LEN),
  negativeDeltaUnpacked: tag(10, VARINT),
  negativeCount: tag(11, LEN),
  negativeCountUnpacked: tag(11, FIXED64),
  positiveSpan: tag(12, LEN),
  positiveDelta: tag(13, LEN),
  positiveDeltaUnpacked: tag(13, VARINT),
  positiveCount: tag(14, LEN),
  positiveCountUnpacked: tag(14, FIXED64),
  startTimestamp: tag(15, LEN),
  exemplars: tag(16, LEN),
} as const

/** Tags of Bucket (classic histogram bucket). */
export const BucketTag = {
  cumulativeCount: tag(1, VARINT),
  upperBound: tag(2, FIXED64),
  exemplar: tag(3, LEN),
  cumulativeCountFloat: tag(4, FIXED64),
} as const

/** Tags of BucketSpan. */
export const SpanTag = { offset: tag(1, VARINT), length: tag(2, VARINT) } as const

/** Tags of Exemplar. */
export const ExemplarTag = { label: tag(1, LEN), value: tag(2, FIXED64), timestamp: tag(3, LEN) } as const

/** Tags of google.protobuf.Timestamp. */
export const TimestampTag = { seconds: tag(1, VARINT), nanos: tag(2, VARINT) } as const

/** Values of the MetricType enum. */
export const ProtoMetricType = {
  counter: 0,
  gauge: 1,
  summary: 2,
  untyped: 3,
  histogram: 4,
  gaugeHistogram: 5,
} as const
