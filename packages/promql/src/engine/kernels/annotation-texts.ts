/**
 * Prometheus's annotation texts (util/annotations), built exactly as its `Error()` prints them
 * without a query attached, so promqltest's `expect warn msg:` lines match byte for byte.
 */

import { formatG } from '../../value.js'

const W = 'PromQL warning'
const I = 'PromQL info'

/** Go's `%q` for a metric name: JSON quoting matches it for the printable names PromQL sees. */
function q(s: string): string {
  return JSON.stringify(s)
}

/** `for metric name "x"`, omitted for an empty name (Prometheus's maybeAddMetricName). */
function forName(metricName: string): string {
  return metricName === '' ? '' : ` for metric name ${q(metricName)}`
}

/** Which histogram operation an info or warning refers to. */
export type HistogramOperation = 'addition' | 'subtraction' | 'aggregation'

/** Texts of the annotations the kernels (and the evaluator) emit. */
export const ANNOTATIONS = {
  mixedFloatsHistograms: (metricName: string): string =>
    `${W}: encountered a mix of histograms and floats for metric name ${q(metricName)}`,
  mixedFloatsHistogramsAggregation: (): string =>
    `${W}: encountered a mix of histograms and floats for aggregation`,
  mixedExponentialCustom: (metricName: string): string =>
    `${W}: vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${q(metricName)}`,
  mixedClassicNative: (metricName: string): string =>
    `${W}: vector contains a mix of classic and native histograms${forName(metricName)}`,
  notCounter: (metricName: string): string =>
    `${W}: this native histogram metric is not a counter: ${q(metricName)}`,
  notGauge: (metricName: string): string =>
    `${W}: this native histogram metric is not a gauge: ${q(metricName)}`,
  invalidQuantile: (quantile: number): string =>
    `${W}: quantile value should be between 0 and 1, got ${formatG(quantile)}`,
  badBucketLabel: (metricName: string, label: string): string =>
    `${W}: bucket label "le" is missing or has a malformed value of ${q(label)}${forName(metricName)}`,
  counterResetCollision: (operation: HistogramOperation): string =>
    `${W}: conflicting counter resets during histogram ${operation}`,
  mismatchedCustomBuckets: (operation: HistogramOperation): string =>
    `${I}: mismatched custom buckets were reconciled during ${operation}`,
  startTimeOverlap: (metricName: string): string =>
    `${W}: sample has start time that overlaps with previous sample timestamp for metric ${q(metricName)}`,
  possibleNonCounter: (metricName: string): string =>
    `${I}: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${q(metricName)}`,
  forcedMonotonicity: (metricName: string): string =>
    `${I}: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)${forName(metricName)}`,
  histogramIgnoredInMixedRange: (metricName: string): string =>
    `${I}: ignored histograms in a range containing both floats and histograms for metric name ${q(metricName)}`,
  quantileNaNResult: (metricName: string): string =>
    `${I}: input to histogram_quantile has NaN observations, result is NaN${forName(metricName)}`,
  quantileNaNSkew: (metricName: string): string =>
    `${I}: input to histogram_quantile has NaN observations, result is skewed higher${forName(metricName)}`,
  fractionNaNs: (metricName: string): string =>
    `${I}: input to histogram_fraction has NaN observations, which are excluded from all fractions${forName(metricName)}`,
} as const
