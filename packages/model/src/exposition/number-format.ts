/** Number spellings shared by the text 0.0.4 and OpenMetrics writers. */

/**
 * Formats a sample value as both text formats accept it: `+Inf`, `-Inf`, `NaN`, integers without a
 * fraction or exponent (up to 1e21), other values in JavaScript's shortest round-tripping form.
 */
export function formatSampleValue(v: number): string {
  // `'' + v` is JavaScript's shortest round-trip spelling; only the specials differ from Prometheus.
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return '' + v
}

/**
 * Formats an OpenMetrics canonical float for `le` and `quantile` values, as the Go and Python clients
 * do: integral values get a `.0` (`1.0`, `100.0`), infinities are `+Inf` and `-Inf`.
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

/** Formats integer milliseconds as the seconds OpenMetrics timestamps carry (`1.5` for 1500 ms). */
export function formatMsAsSeconds(ms: number): string {
  return formatSampleValue(ms / 1000)
}
