import { sprintf } from '../fmt/sprintf.js'
import { GoTime } from '../go-time.js'
import { goTypeName } from '../values.js'

const g4 = (v: number, suffix = ''): string => sprintf('%.4g', [v]) + suffix

/** Go's strconv.ParseFloat as Prometheus's template functions use it on strings. */
function parseFloatString(s: string): number {
  const clean = s.replaceAll('_', '')
  if (/^[+-]?(inf|infinity)$/i.test(clean)) return clean.startsWith('-') ? -Infinity : Infinity
  if (/^[+-]?nan$/i.test(clean)) return NaN
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    const v = Number(clean)
    if (Number.isFinite(v)) return v
    throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: value out of range`)
  }
  throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`)
}

/** Prometheus's convertToFloat: floats, ints and numeric strings. */
export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'string') return parseFloatString(v)
  throw new Error(`can't convert ${goTypeName(v)} to float`)
}

/** `humanize`: SI prefixes (k, M, … and m, u, …) with four significant digits. */
export function humanize(input: unknown): string {
  let v = toFloat(input)
  if (v === 0 || !Number.isFinite(v)) return g4(v)
  if (Math.abs(v) >= 1) {
    let prefix = ''
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break
      prefix = p
      v /= 1000
    }
    return g4(v, prefix)
  }
  let prefix = ''
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break
    prefix = p
    v *= 1000
  }
  return g4(v, prefix)
}

/** `humanize1024`: binary prefixes (ki, Mi, …). */
export function humanize1024(input: unknown): string {
  let v = toFloat(input)
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v)
  let prefix = ''
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break
    prefix = p
    v /= 1024
  }
  return g4(v, prefix)
}

/** `humanizeDuration`: seconds as `1d 2h 3m 4s`, or with a sub-second SI prefix. */
export function humanizeDuration(input: unknown): string {
  let v = toFloat(input)
  if (!Number.isFinite(v)) return g4(v)
  if (v === 0) return g4(v, 's')
  if (Math.abs(v) >= 1) {
    let sign = ''
    if (v < 0) {
      sign = '-'
      v = -v
    }
    const total = Math.trunc(v)
    const seconds = total % 60
    const minutes = Math.trunc(total / 60) % 60
    const hours = Math.trunc(total / 3600) % 24
    const days = Math.trunc(total / 86400)
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`
    return sign + g4(v, 's')
  }
  let prefix = ''
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break
    prefix = p
    v *= 1000
  }
  return g4(v, `${prefix}s`)
}

/** `humanizePercentage`: a ratio as a percentage with four significant digits. */
export function humanizePercentage(input: unknown): string {
  return g4(toFloat(input) * 100, '%')
}

/** Prometheus's floatToTime: seconds to a UTC time, truncated to milliseconds as model.Time is. */
export function floatToTime(v: number): GoTime {
  const ns = v * 1e9
  if (ns > 2 ** 63 || ns < -(2 ** 63)) {
    throw new Error(
      `${sprintf('%v', [v])} cannot be represented as a nanoseconds timestamp since it overflows int64`,
    )
  }
  const ms = Number(BigInt(Math.trunc(ns)) / 1_000_000n)
  return new GoTime(ms)
}

/** `humanizeTimestamp`: Unix seconds as Go prints a UTC time.Time. */
export function humanizeTimestamp(input: unknown): string {
  const v = toFloat(input)
  if (!Number.isFinite(v)) return g4(v)
  return floatToTime(v).String()
}
