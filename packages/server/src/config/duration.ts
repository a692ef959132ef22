import { ConfigError } from './config-error.js'

const UNITS_MS: readonly [string, number][] = [
  ['y', 31_536_000_000],
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
]
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/** Parses a Prometheus duration (`1h30m`, `15s`, `0`) into milliseconds, with Prometheus's error wording. */
export function parseDuration(text: string): number {
  if (text === '') throw new ConfigError('empty duration string')
  if (text === '0') return 0
  const match = DURATION.exec(text)
  if (match === null) throw new ConfigError(`not a valid duration string: ${JSON.stringify(text)}`)
  let ms = 0
  UNITS_MS.forEach(([, unitMs], i) => {
    const n = match[i + 1]
    if (n !== undefined) ms += Number(n) * unitMs
  })
  if (!Number.isSafeInteger(ms)) throw new ConfigError(`duration out of range: ${JSON.stringify(text)}`)
  return ms
}

/** Formats milliseconds as Prometheus prints durations: largest units first, `0s` for zero. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  let rest = ms
  let out = ''
  for (const [unit, unitMs] of UNITS_MS) {
    const n = Math.floor(rest / unitMs)
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * unitMs
    }
  }
  return out
}
