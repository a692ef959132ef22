import { parseDuration as parsePromDuration } from '@watchfire/promql'

/**
 * Request parameters as Prometheus's handlers read them: times as unix seconds (float) or
 * RFC 3339, durations as float seconds or a Prometheus duration, with Prometheus's messages.
 */

/** The earliest time the API accepts; what `start` defaults to for series and label lookups. */
export const MIN_TIME_MS = Number.MIN_SAFE_INTEGER
/** The latest time the API accepts; what `end` defaults to for series and label lookups. */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER

// Go clients (Grafana, promtool) send Prometheus's own minTime/maxTime in RFC 3339.
const MIN_TIME_FORMATTED = '-292273086-05-16T16:47:06Z'
const MAX_TIME_FORMATTED = '292277025-08-18T07:12:54.999999999Z'

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return undefined
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s))
  if (new Date(ms).getUTCDate() !== day) return undefined
  // Go keeps nanoseconds; Prometheus's millisecond timestamps truncate them.
  if (frac !== undefined) ms += Number(frac.slice(0, 3).padEnd(3, '0'))
  if (sign !== undefined) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000
  return ms
}

/** Parses a timestamp parameter into milliseconds; throws an Error with Prometheus's message. */
export function parseTime(text: string): number {
  if (FLOAT.test(text)) {
    const seconds = Number(text)
    const whole = Math.trunc(seconds)
    // Prometheus rounds the fraction to milliseconds.
    return whole * 1000 + Math.round((seconds - whole) * 1000)
  }
  const ms = parseRfc3339(text)
  if (ms !== undefined) return ms
  if (text === MIN_TIME_FORMATTED) return MIN_TIME_MS
  if (text === MAX_TIME_FORMATTED) return MAX_TIME_MS
  throw new Error(`cannot parse ${JSON.stringify(text)} to a valid timestamp`)
}

/** An optional time parameter (`time`, `start`, `end` of lookups): `fallback` when absent. */
export function parseTimeParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback
  try {
    return parseTime(value)
  } catch (err) {
    throw new Error(`Invalid time value for '${name}': ${(err as Error).message}`, { cause: err })
  }
}

/** Parses a duration parameter (`step`, `timeout`) into milliseconds, truncating below that. */
export function parseDurationParam(text: string): number {
  if (FLOAT.test(text)) {
    const ns = Number(text) * 1e9
    if (Math.abs(ns) >= 2 ** 63)
      throw new Error(`cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64`)
    return Math.trunc(Math.trunc(ns) / 1e6)
  }
  try {
    return parsePromDuration(text)
  } catch (err) {
    throw new Error(`cannot parse ${JSON.stringify(text)} to a valid duration`, { cause: err })
  }
}
