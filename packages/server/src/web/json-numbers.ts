/**
 * Numbers as Prometheus's API writes them. Sample values are strings in the form of its
 * jsonutil.MarshalValue: `strconv.FormatFloat(v, 'f', -1, 64)`, switching to `'e'` below 1e-6 and
 * from 1e21, with `NaN`, `+Inf` and `-Inf`; point timestamps are seconds with up to three decimals.
 */

/**
 * Formats a float as Prometheus 2.42's API does (jsonutil.MarshalValue): shortest round-trip digits,
 * plain decimal from 1e-6 up to 1e21, Go's exponent form (`1.5e-07`, `1e+21`) outside it.
 */
export function formatApiFloat(v: number): string {
  if (v !== v) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  // JavaScript switches to exponent notation at the same bounds, with the same shortest digits;
  // only its exponent lacks Go's two-digit minimum.
  const s = '' + v
  const e = s.indexOf('e')
  return e === -1 || s.length - e !== 3 ? s : s.slice(0, e + 2) + '0' + s.slice(e + 2)
}

/**
 * Writes a millisecond timestamp as seconds the way Prometheus's jsonutil.MarshalTimestamp does:
 * integer seconds, then `.` and three digits when there is a fraction (`1.080`, not `1.08`).
 */
export function formatApiTimestamp(ms: number): string {
  const negative = ms < 0
  const abs = Math.abs(ms)
  const seconds = Math.floor(abs / 1000)
  const fraction = abs - seconds * 1000
  const sign = negative ? '-' : ''
  if (fraction === 0) return `${sign}${seconds}`
  return `${sign}${seconds}.${String(Math.round(fraction)).padStart(3, '0')}`
}

/** Seconds as Go's encoding/json writes `float64(ms) / 1000` (scalar and string results). */
export function formatJsonSeconds(ms: number): string {
  return JSON.stringify(ms / 1000)
}
