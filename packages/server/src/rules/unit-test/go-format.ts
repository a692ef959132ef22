import type { Labels } from '@watchfire/model'

/** Go's `strconv.FormatFloat(v, 'E', -1, 64)`: `1E+00`, `1.5E-03`, `NaN`, `+Inf`. */
export function formatFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string]
  const sign = exponent.startsWith('-') ? '-' : '+'
  const digits = exponent.replace(/^[+-]/, '').padStart(2, '0')
  const negZero = Object.is(v, -0) ? '-' : ''
  return `${negZero}${mantissa}E${sign}${digits}`
}

/** Go's `time.Duration.String()` for whole milliseconds: `0s`, `1m0s`, `1h2m3.5s`, `250ms`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s'
  const sign = ms < 0 ? '-' : ''
  let rest = Math.abs(ms)
  if (rest < 1000) return `${sign}${rest}ms`
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  const s = (rest / 1000).toString()
  if (h > 0) return `${sign}${h}h${m}m${s}s`
  if (m > 0) return `${sign}${m}m${s}s`
  return `${sign}${s}s`
}

/** promtool's indentLines: every line but the first gets `indent`. */
export function indentLines(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`)
}

/** An alert as a unit test compares it. */
export interface LabelsAndAnnotations {
  labels: Labels
  annotations: Labels
}

/** promtool's listing of alerts in a failure message. */
export function formatAlertList(alerts: readonly LabelsAndAnnotations[]): string {
  if (alerts.length === 0) return '[]'
  const one = (a: LabelsAndAnnotations): string =>
    `Labels:${a.labels.toString()}\nAnnotations:${a.annotations.toString()}`
  return `[\n${alerts.map((a, i) => `${i}:${indentLines(`\n${one(a)}`, '  ')}`).join(',\n')}\n]`
}
