import type { Exemplar, MetricType } from '../metric-family.js'
import { isRealNumber, parseSpecialFloat } from './text-scanner.js'

/** The parts of a parsed OpenMetrics sample the per-sample rules look at. */
export interface OpenMetricsSampleView {
  readonly familyName: string
  readonly familyType: MetricType
  readonly suffix: string
  readonly value: number
  readonly labelCount: number
  readonly labelNames: readonly string[]
  readonly labelValues: readonly string[]
  readonly exemplar: Exemplar | undefined
}

/** Suffixes whose values count things, so they can be neither NaN nor (except `_gsum`) negative. */
const COUNTER_LIKE: ReadonlySet<string> = new Set(['_total', '_sum', '_count', '_bucket', '_gcount', '_gsum'])

function labelValue(s: OpenMetricsSampleView, name: string): string | undefined {
  for (let i = 0; i < s.labelCount; i++) if (s.labelNames[i] === name) return s.labelValues[i]
  return undefined
}

/**
 * Parses an `le` or `quantile` label value: any OpenMetrics number except NaN, with infinities
 * spelled canonically (`+Inf`, `-Inf`). `undefined` when the value breaks those rules.
 */
export function parseBoundLabel(text: string): number | undefined {
  if (isRealNumber(text)) return Number(text)
  if (text === '+Inf') return Infinity
  if (text === '-Inf') return -Infinity
  return undefined
}

function boundProblem(s: OpenMetricsSampleView, label: string): string | undefined {
  const text = labelValue(s, label)
  if (text === undefined)
    return `${s.familyType} sample "${s.familyName}${s.suffix}" needs a "${label}" label`
  const v = parseBoundLabel(text)
  if (v === undefined) {
    const special = parseSpecialFloat(text)
    const why =
      special !== undefined && !Number.isNaN(special) ? 'spell infinities +Inf and -Inf' : 'a number, not NaN'
    return `"${label}" label value ${JSON.stringify(text)} is invalid (${why})`
  }
  if (label === 'quantile' && !(v >= 0 && v <= 1)) return `quantile ${JSON.stringify(text)} is outside [0, 1]`
  return undefined
}

/**
 * The first rule of OpenMetrics 1.0 that one sample breaks given its family's type, or `undefined`.
 * Shared by the stream parser so every consumer gets the same per-line strictness.
 */
export function openMetricsSampleProblem(s: OpenMetricsSampleView): string | undefined {
  const { familyType: type, suffix, value } = s
  if (type === 'stateset') {
    if (labelValue(s, s.familyName) === undefined)
      return `stateset sample needs a "${s.familyName}" label naming its state`
    if (value !== 0 && value !== 1) return `stateset value must be 0 or 1, found ${value}`
  } else if (type === 'info') {
    if (value !== 1) return `info value must be 1, found ${value}`
  } else if (suffix === '_bucket') {
    const problem = boundProblem(s, 'le')
    if (problem !== undefined) return problem
  } else if (type === 'summary' && suffix === '') {
    const problem = boundProblem(s, 'quantile')
    if (problem !== undefined) return problem
    if (value < 0) return `quantile value must not be negative, found ${value}`
  }
  if (COUNTER_LIKE.has(suffix)) {
    if (Number.isNaN(value)) return `"${suffix}" value must not be NaN`
    if (value < 0 && suffix !== '_gsum') return `"${suffix}" value must not be negative, found ${value}`
    if ((suffix === '_bucket' || suffix === '_count' || suffix === '_gcount') && !Number.isInteger(value)) {
      return `"${suffix}" value must be an integer, found ${value}`
    }
  }
  if (s.exemplar !== undefined) {
    const allowed =
      (suffix === '_bucket' && (type === 'histogram' || type === 'gaugehistogram')) ||
      (suffix === '_total' && type === 'counter')
    if (!allowed)
      return `exemplars are allowed only on counter _total and histogram _bucket samples, not "${s.familyName}${suffix}"`
  }
  return undefined
}
