export { WatchfireError, ParseError, InvalidNameError } from './errors.js'
export type { SourcePosition } from './errors.js'
export { Labels, compareStrings } from './labels.js'
export {
  isLegacyMetricName,
  isLegacyLabelName,
  isValidMetricName,
  isValidLabelName,
  METRIC_NAME_LABEL,
} from './names.js'
export type {
  MetricType,
  LabelRecord,
  Exemplar,
  Bucket,
  BucketSpan,
  CounterResetHint,
  NativeHistogram,
  HistogramValue,
  Quantile,
  SummaryValue,
  Metric,
  MetricFamily,
} from './metric-family.js'
export { Matcher, InvalidRegexError, compileAnchoredRegex } from './matcher.js'
export type { MatchType } from './matcher.js'
