const UNITS: readonly [string, number][] = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
]
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/**
 * Parses a Prometheus duration (`1h30m`, `5m`, `0`) into milliseconds, or returns an error message in the
 * original's words.
 */
export function parseDuration(text: string): number | string {
  if (text === '') return 'empty duration string'
  if (text === '0') return 0
  const m = DURATION_RE.exec(text)
  if (m === null) return `not a valid duration string: ${JSON.stringify(text)}`
  let ms = 0
  for (let i = 0; i < UNITS.length; i++) {
    const n = m[i + 1]
    if (n !== undefined) ms += Number(n) * (UNITS[i] as [string, number])[1]
  }
  return ms
}

/** Prints milliseconds as Prometheus does (`1h30m`, `5m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  let rest = ms
  let out = ''
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size)
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * size
    }
  }
  return out
}
