import { WatchfireError } from '@watchfire/model'

const units: ReadonlyArray<readonly [unit: string, ms: number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
]

/** Longest duration Prometheus accepts: Go's time.Duration is int64 nanoseconds. */
const MAX_DURATION_MS = 2 ** 63 / 1e6

/** A duration string that is not valid; the message uses Prometheus's wording. */
export class DurationSyntaxError extends WatchfireError {
  constructor(message: string) {
    super('ERR_INVALID_DURATION', message)
  }
}

/**
 * Parses a Prometheus duration such as `1h30m`, `5m`, `90s`, `500ms` or `0` into milliseconds.
 * Units (y, w, d, h, m, s, ms) must each appear at most once, largest first.
 */
export function parseDuration(text: string): number {
  if (text === '0') return 0
  if (text === '') throw new DurationSyntaxError('empty duration string')
  const invalid = (): DurationSyntaxError =>
    new DurationSyntaxError(`not a valid duration string: ${JSON.stringify(text)}`)
  let ms = 0
  let lastUnit = -1
  let i = 0
  while (i < text.length) {
    const digitsStart = i
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++
    if (i === digitsStart) throw invalid()
    const value = Number(text.slice(digitsStart, i))
    const unitStart = i
    while (i < text.length && !(text[i]! >= '0' && text[i]! <= '9')) i++
    const unit = text.slice(unitStart, i)
    if (unit === '') throw invalid()
    const index = units.findIndex(([u]) => u === unit)
    if (index < 0)
      throw new DurationSyntaxError(
        `unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`,
      )
    if (index <= lastUnit) throw invalid()
    lastUnit = index
    ms += value * (units[index] as (typeof units)[number])[1]
    if (ms >= MAX_DURATION_MS) throw new DurationSyntaxError('duration out of range')
  }
  return ms
}

/**
 * Formats milliseconds as Prometheus prints durations (`model.Duration.String`): `1h30m`, `0s`,
 * `-5m`; years and weeks only when they divide the remainder exactly.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  let rest = Math.abs(Math.trunc(ms))
  let out = ms < 0 ? '-' : ''
  for (const [unit, mult] of units) {
    if ((unit === 'y' || unit === 'w') && rest % mult !== 0) continue
    const v = Math.floor(rest / mult)
    if (v > 0) {
      out += `${v}${unit}`
      rest -= v * mult
    }
  }
  return out
}
