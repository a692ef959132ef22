import { formatNumber } from '@watchfire/promql'
import { formatLabels } from './format-labels.js'
import type { MetricsQueryResult, SeriesView } from './query-result.js'

/** A sample an assertion expects: the full label set and its value. */
export interface ExpectedSample {
  labels: Record<string, string>
  value: number
}

/** Options of `toEvaluateTo`. */
export interface EvaluateOptions {
  /**
   * Largest absolute difference still equal. Default 0, but values always match within a relative
   * 1e-9, so float rounding in the engine never fails a test.
   */
  tolerance?: number
}

/** The outcome of a check, with the message for whichever way the assertion was meant. */
export interface CheckOutcome {
  pass: boolean
  /** Explains the failure of the positive assertion (when !pass) or of its negation (when pass). */
  message: string
}

const RELATIVE_EPSILON = 1e-9

/** Whether `got` equals `want` within `tolerance`; NaN equals NaN, infinities equal themselves. */
export function closeTo(got: number, want: number, tolerance: number): boolean {
  if (Number.isNaN(got) || Number.isNaN(want)) return Number.isNaN(got) && Number.isNaN(want)
  if (got === want) return true
  const diff = Math.abs(got - want)
  return diff <= tolerance || diff <= RELATIVE_EPSILON * Math.max(Math.abs(got), Math.abs(want))
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k])
}

/** The labels of `wanted` that `series` lacks or has with another value, as `name: got "x", want "y"`. */
function labelDifferences(
  series: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>>,
): string[] {
  const out: string[] = []
  for (const [name, want] of Object.entries(wanted)) {
    const got = series[name]
    if (got === want) continue
    out.push(
      got === undefined
        ? `${name}: missing, want ${JSON.stringify(want)}`
        : `${name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`,
    )
  }
  return out
}

function table(rows: [string, string, string][]): string {
  const width = Math.max(0, ...rows.map(([, labels]) => labels.length))
  return rows.map(([mark, labels, note]) => `  ${mark} ${labels.padEnd(width)}  ${note}`.trimEnd()).join('\n')
}

/** A value for a message: 12 significant digits, so float noise (0.30000000000000004) does not distract. */
function shown(v: number): string {
  return formatNumber(Number.isFinite(v) ? Number(v.toPrecision(12)) : v)
}

function valueText(s: SeriesView): string {
  return s.histogram !== undefined ? 'histogram' : shown(s.value)
}

/** Passes when some series of `result` has every label of `labels` (it may have more). */
export function checkHasSeries(
  result: MetricsQueryResult,
  labels: Readonly<Record<string, string>>,
): CheckOutcome {
  const series = result.series()
  const wanted = formatLabels(labels)
  const matching = series.filter((s) => labelDifferences(s.labels, labels).length === 0)
  if (matching.length > 0) {
    const rows = matching.map((s): [string, string, string] => [' ', formatLabels(s.labels), valueText(s)])
    return {
      pass: true,
      message: `expected ${result.describe()} to have no series matching ${wanted}, but it has:\n${table(rows)}`,
    }
  }
  const head = `expected ${result.describe()} to have a series matching ${wanted}`
  if (series.length === 0) return { pass: false, message: `${head}, but it has no series` }
  // Closest first: the series that differ in the fewest labels are the likely renames.
  const rows = series
    .map((s) => ({ s, diff: labelDifferences(s.labels, labels) }))
    .sort((a, b) => a.diff.length - b.diff.length)
    .map(({ s, diff }): [string, string, string] => ['✗', formatLabels(s.labels), diff.join('; ')])
  const count = `${series.length} series`
  return { pass: false, message: `${head}, but none of its ${count} does:\n${table(rows)}` }
}

/**
 * Passes when `result` is a single value (scalar or one-sample vector) equal to `expected`, or when
 * its samples and `expected` pair up one to one by exact label set with equal values.
 */
export function checkEvaluatesTo(
  result: MetricsQueryResult,
  expected: number | readonly ExpectedSample[],
  options: EvaluateOptions = {},
): CheckOutcome {
  const tolerance = options.tolerance ?? 0
  const within = tolerance === 0 ? '' : ` (tolerance ${formatNumber(tolerance)})`
  if (result.result.type === 'matrix' || result.result.type === 'string')
    return {
      pass: false,
      message: `expected ${result.describe()} to evaluate to an instant value, but it is a ${result.result.type === 'matrix' ? 'range result' : 'string'}: use an instant query`,
    }
  const series = result.series()
  if (typeof expected === 'number') {
    const only = series[0]
    const pass =
      series.length === 1 &&
      only !== undefined &&
      only.histogram === undefined &&
      closeTo(only.value, expected, tolerance)
    const got =
      series.length === 1 && only !== undefined
        ? `${valueText(only)}${Object.keys(only.labels).length === 0 ? '' : ` (${formatLabels(only.labels)})`}`
        : series.length === 0
          ? 'no series'
          : `${series.length} series:\n${table(series.map((s) => [' ', formatLabels(s.labels), valueText(s)]))}`
    return {
      pass,
      message: pass
        ? `expected ${result.describe()} not to evaluate to ${shown(expected)}${within}, but it did`
        : `expected ${result.describe()} to evaluate to ${shown(expected)}${within}, got ${got}`,
    }
  }
  const rows: [string, string, string][] = []
  const unmatched = new Set(series)
  let pass = true
  for (const want of expected) {
    const got = series.find((s) => unmatched.has(s) && sameLabels(s.labels, want.labels))
    const labels = formatLabels(want.labels)
    if (got === undefined) {
      pass = false
      rows.push(['-', labels, `want ${shown(want.value)}, missing`])
      continue
    }
    unmatched.delete(got)
    if (got.histogram === undefined && closeTo(got.value, want.value, tolerance))
      rows.push(['✓', labels, shown(got.value)])
    else {
      pass = false
      rows.push(['✗', labels, `want ${shown(want.value)}, got ${valueText(got)}`])
    }
  }
  for (const s of unmatched) {
    pass = false
    rows.push(['+', formatLabels(s.labels), `got ${valueText(s)}, not expected`])
  }
  const body = rows.length === 0 ? '  (no series expected, none returned)' : table(rows)
  return {
    pass,
    message: pass
      ? `expected ${result.describe()} not to evaluate to these samples${within}, but it did:\n${body}`
      : `expected ${result.describe()} to evaluate to these samples${within}:\n${body}`,
  }
}
