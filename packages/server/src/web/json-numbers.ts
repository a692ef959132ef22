/**
 * Numbers as Prometheus's API writes them. Sample values are strings in Go's
 * `strconv.FormatFloat(v, 'f', -1, 64)` form (shortest round-trip digits, never an exponent),
 * with `NaN`, `+Inf` and `-Inf`; point timestamps are seconds with up to three decimals.
 */

/** Formats a float as Go's `FormatFloat(v, 'f', -1, 64)` does, plus Prometheus's Inf/NaN spellings. */
export function formatApiFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  const shortest = String(v)
  const e = shortest.indexOf('e')
  if (e === -1) return shortest
  // JS switches to exponent notation below 1e-6 and from 1e21; Go's 'f' never does.
  const negative = shortest.startsWith('-')
  const mantissa = shortest.slice(negative ? 1 : 0, e)
  const exponent = Number(shortest.slice(e + 1))
  const digits = mantissa.replace('.', '')
  const point = 1 + exponent
  let out: string
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length)
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative ? `-${out}` : out
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
