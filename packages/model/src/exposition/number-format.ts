/** Number spellings shared by the text 0.0.4 and OpenMetrics writers. */

/**
 * Formats a sample value as Go's expfmt text writer does (`strconv.FormatFloat(v, 'g', -1, 64)`, so
 * Prometheus, the Pushgateway and Go clients print the same bytes): `+Inf`, `-Inf`, `NaN`, `0` for
 * both zeros, shortest round-tripping digits in decimal from 1e-4 up to 1e6 and in exponent form with
 * a signed two-digit-minimum exponent outside it (`1.5e-07`, `1e+06`, `1.23456789012e+11`).
 */
export function formatSampleValue(v: number): string {
  const a = v < 0 ? -v : v
  // The common case: here JavaScript's shortest spelling is Go's, with no exponent. The bounds are exact
  // doubles, and a value's shortest digits never round across them.
  if (a >= 1e-4 && a < 1e6) return '' + v
  if (a === 0) return '0'
  if (a !== a) return 'NaN'
  if (a === Infinity) return v > 0 ? '+Inf' : '-Inf'
  // toExponential() keeps the shortest round-tripping digits; Go pads the exponent to two digits.
  const s = v.toExponential()
  const e = s.indexOf('e')
  return s.length - e === 3 ? s.slice(0, e + 2) + '0' + s.slice(e + 2) : s
}

/**
 * Formats an OpenMetrics canonical float for `le` and `quantile` values, as the Go client does
 * (writeOpenMetricsFloat): Go's shortest form, with `.0` added when it has neither `.` nor an
 * exponent (`1.0`, `100.0`, but `1e+06`); infinities are `+Inf` and `-Inf`.
 */
export function formatCanonicalFloat(v: number): string {
  const s = formatSampleValue(v)
  if (!Number.isFinite(v)) return s
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 46 /* . */ || c === 101 /* e */) return s
  }
  return s + '.0'
}

/**
 * Formats an OpenMetrics count (bucket, `_count`, `_gcount`) as the Go client does with its integer
 * counts: whole numbers in full (`3000000`), anything else as a sample value.
 */
export function formatCount(v: number): string {
  return Number.isInteger(v) && v < 1e21 && v > -1e21 ? '' + v : formatSampleValue(v)
}

/** Formats integer milliseconds as the seconds OpenMetrics timestamps carry (`1.5` for 1500 ms). */
export function formatMsAsSeconds(ms: number): string {
  // Decimal, as the OpenMetrics examples and the Python client write timestamps.
  return '' + ms / 1000
}
