import { WatchfireError } from '@watchfire/model'

/** A metric's configuration is invalid (missing help, bad buckets or percentiles, reserved label). */
export class MetricConfigError extends WatchfireError {
  constructor(message: string) {
    super('ERR_METRIC_CONFIG', message)
  }
}

/** Labels passed at a call site do not fit the metric's declared label names. */
export class LabelError extends WatchfireError {
  constructor(message: string) {
    super('ERR_INVALID_LABELS', message)
  }
}

/** A value passed to inc/dec/set/observe is not allowed (negative counter increment, NaN, not a number). */
export class InvalidValueError extends WatchfireError {
  constructor(message: string) {
    super('ERR_INVALID_VALUE', message)
  }
}

/** A metric or collector family name is already taken in a registry. */
export class DuplicateMetricError extends WatchfireError {
  constructor(message: string) {
    super('ERR_DUPLICATE_METRIC', message)
  }
}

/** A collect callback or custom collector failed during a scrape; `cause` holds what it threw. */
export class CollectError extends WatchfireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_COLLECT', message, options)
  }
}

/** A registry was asked for a content type it cannot produce. */
export class ContentTypeError extends WatchfireError {
  constructor(message: string) {
    super('ERR_CONTENT_TYPE', message)
  }
}
