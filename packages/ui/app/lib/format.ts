// How series and values are written on screen.
import type { Metric } from './api-types.js'

/** `name{a="x", b="y"}` with labels sorted and values escaped like PromQL string literals; `{}` when empty. */
export function formatSeries(metric: Metric): string {
  const name = metric.__name__ ?? ''
  const labels = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(metric[k])}`)
  if (labels.length === 0) return name === '' ? '{}' : name
  return `${name}{${labels.join(', ')}}`
}

/** A sample value from the API's string, with up to 15 significant digits like Prometheus prints them. */
export function formatValue(value: string): string {
  const n = Number(value)
  if (value === 'NaN' || value === '+Inf' || value === '-Inf' || Number.isNaN(n)) return value
  return String(n)
}

/** A number on a chart axis or in a tooltip: short SI-free forms with the significant digits that matter. */
export function formatAxisValue(n: number | null | undefined): string {
  if (n === null || n === undefined) return ''
  if (!Number.isFinite(n)) return String(n)
  const abs = Math.abs(n)
  if (abs === 0) return '0'
  if (abs >= 1e6 || abs < 1e-3) return n.toExponential(2)
  return String(Number(n.toPrecision(6)))
}
