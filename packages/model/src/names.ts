const legacyMetricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const legacyLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** True if `name` needs no quoting in the classic exposition formats and PromQL. */
export function isLegacyMetricName(name: string): boolean {
  return legacyMetricName.test(name)
}

/** True if `name` is a label name in the classic character set (no quoting needed). */
export function isLegacyLabelName(name: string): boolean {
  return legacyLabelName.test(name)
}

/**
 * True if `name` is a valid metric name under Prometheus 3.x UTF-8 naming: any non-empty
 * well-formed UTF-16 string. Use {@link isLegacyMetricName} where the classic set is required.
 */
export function isValidMetricName(name: string): boolean {
  return name.length > 0 && name.isWellFormed()
}

/** True if `name` is a valid label name under UTF-8 naming; `__`-prefixed names are reserved for internal use. */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && name.isWellFormed()
}

/** The label that carries a series' metric name. */
export const METRIC_NAME_LABEL = '__name__'
