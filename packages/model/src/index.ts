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
export type { MatchType, Re2Regex } from './matcher.js'
export { Re2Searcher } from './re2/re2-search.js'
export { formatText } from './exposition/text-format.js'
export { formatOpenMetrics } from './exposition/openmetrics-format.js'
export { parseText } from './exposition/text-parse.js'
export { parseOpenMetrics } from './exposition/openmetrics-parse.js'
export { TextStreamParser } from './exposition/text-stream-parser.js'
export { OpenMetricsStreamParser } from './exposition/openmetrics-stream-parser.js'
export type { EntryKind } from './exposition/openmetrics-stream-parser.js'
export { escapeLabelValue, escapeHelpText, escapeOpenMetricsHelp } from './exposition/escape.js'
export { formatLabelPairs } from './exposition/escape-labels.js'
export { formatSampleValue, formatCanonicalFloat, formatMsAsSeconds } from './exposition/number-format.js'
export { encodeProtobuf } from './exposition/protobuf-encode.js'
export { decodeProtobuf } from './exposition/protobuf-decode.js'
export { ProtoReader } from './protobuf/wire-reader.js'
export { ProtoWriter } from './protobuf/wire-writer.js'
export { WireType } from './protobuf/wire-type.js'
export {
  negotiateFormat,
  contentTypeFor,
  TEXT_CONTENT_TYPE,
  OPENMETRICS_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
} from './exposition/negotiate.js'
export type { ExpositionFormat, NegotiateOptions } from './exposition/negotiate.js'
export { serialize } from './exposition/serialize.js'
export { relabel } from './relabel/relabel.js'
export { compileRelabelConfig, RelabelConfigError, RELABEL_DEFAULTS } from './relabel/relabel-config.js'
export type { RelabelAction, RelabelConfig, RelabelConfigInput } from './relabel/relabel-config.js'
export type { CapturingRegex } from './relabel/relabel-regex.js'
export { compileCapturingRegex, expandTemplate } from './relabel/relabel-regex.js'
export { copyHistogram, emptyHistogram, identicalHistograms } from './native-histogram.js'
