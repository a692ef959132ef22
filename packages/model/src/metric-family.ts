/**
 * The exposition data model: what a client exposes and what a scrape carries, shaped after
 * io.prometheus.client.MetricFamily so the text, OpenMetrics and protobuf formats all map onto it.
 */

/** Metric types across the three formats; `gaugehistogram`, `info` and `stateset` are OpenMetrics-only. */
export type MetricType =
  'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown'

/** Label names and values of one metric, in exposition order (not necessarily sorted). */
export type LabelRecord = Readonly<Record<string, string>>

/** An OpenMetrics exemplar: a traced observation attached to a counter or a histogram bucket. */
export interface Exemplar {
  labels: LabelRecord
  value: number
  /** Milliseconds since the epoch, if the exemplar carries a timestamp. */
  timestampMs?: number
}

/** One classic histogram bucket: cumulative count of observations <= `upperBound`. */
export interface Bucket {
  upperBound: number
  cumulativeCount: number
  exemplar?: Exemplar
}

/** A contiguous run of populated native-histogram buckets; `offset` is the gap from the previous span. */
export interface BucketSpan {
  offset: number
  length: number
}

/** How a native histogram relates to the previous sample of its series. */
export type CounterResetHint = 'unknown' | 'reset' | 'not-reset' | 'gauge'

/**
 * A native (sparse, exponential) histogram with absolute bucket counts.
 *
 * Bucket `i` of schema `s` covers `(2^(i·2^-s)·…]`, i.e. upper bound `2^(i / 2^s)` for positive
 * buckets (mirrored for negative ones). Counts are absolute, not delta-encoded: the protobuf codec
 * converts to and from deltas. Schemas -4..8 are exponential; -53 is custom buckets (not used here).
 */
export interface NativeHistogram {
  schema: number
  zeroThreshold: number
  zeroCount: number
  count: number
  sum: number
  positiveSpans: BucketSpan[]
  positiveBuckets: number[]
  negativeSpans: BucketSpan[]
  negativeBuckets: number[]
  counterResetHint?: CounterResetHint
  /** Schema -53 (custom buckets) only: the finite upper bounds, ascending; `+Inf` is implicit. */
  customValues?: number[]
}

/** Histogram value of one metric: classic buckets, native buckets, or both (the protobuf format carries both). */
export interface HistogramValue {
  count: number
  sum: number
  /** Classic buckets, ascending; the last is `+Inf` when present. */
  buckets: Bucket[]
  /** Present when the histogram also (or only) has native buckets. */
  native?: NativeHistogram
  /** Exemplars not tied to a classic bucket (native histograms). */
  exemplars?: Exemplar[]
  createdMs?: number
}

/** One quantile estimate of a summary. */
export interface Quantile {
  quantile: number
  value: number
}

/** Summary value of one metric. */
export interface SummaryValue {
  count: number
  sum: number
  quantiles: Quantile[]
  createdMs?: number
}

/**
 * One metric (one label set) within a family. Exactly one of the value fields applies, by the
 * family's type: `value` for counter, gauge, unknown, info (always 1) and stateset (0 or 1);
 * `histogram` for histogram and gaugehistogram; `summary` for summary.
 */
export interface Metric {
  labels: LabelRecord
  value?: number
  histogram?: HistogramValue
  summary?: SummaryValue
  /** Counters only: when the counter was created, in milliseconds since the epoch. */
  createdMs?: number
  /** Counters only. */
  exemplar?: Exemplar
  /** Explicit sample timestamp in milliseconds; absent means "now" to the scraper. */
  timestampMs?: number
}

/**
 * A named group of metrics sharing type, help and unit.
 *
 * `name` is the family name as text format 0.0.4 and protobuf spell it: for a counter it is the name of
 * its sample (`http_requests_total`, or `foo` for a counter named without the suffix, as prom-client and
 * Go's client allow). The OpenMetrics writer derives its own spelling (TYPE line without `_total`,
 * samples with it); the OpenMetrics parser returns counter families named like their `_total` sample.
 */
export interface MetricFamily {
  name: string
  help: string
  type: MetricType
  /** OpenMetrics unit; `''` when none. */
  unit: string
  metrics: Metric[]
}
