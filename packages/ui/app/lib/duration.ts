// Prometheus's duration syntax (1y2w3d4h5m6s7ms), as the expression browser writes it into URLs.
const UNITS: readonly (readonly [string, number])[] = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
]

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/** Parses a Prometheus duration such as `1h30m` into milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed === '0') return trimmed === '0' ? 0 : undefined
  const m = DURATION_RE.exec(trimmed)
  if (m === null) return undefined
  let total = 0
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 1]
    if (part !== undefined) total += Number(part) * (UNITS[i]?.[1] ?? 0)
  }
  return total
}

/** Formats milliseconds as the shortest Prometheus duration (`90m` becomes `1h30m`); `0s` for zero. */
export function formatDuration(ms: number): string {
  if (ms <= 0 || !Number.isFinite(ms)) return '0s'
  let rest = Math.round(ms)
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

/** The range steps the graph's −/+ buttons move between, in milliseconds. */
export const RANGE_STEPS: readonly number[] = [
  '1s',
  '10s',
  '1m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '6h',
  '12h',
  '1d',
  '2d',
  '1w',
  '2w',
  '4w',
  '8w',
  '1y',
].map((d) => parseDuration(d) ?? 0)

/** The next larger (`dir` 1) or smaller (`dir` −1) range step from `ms`, staying within the list. */
export function stepRange(ms: number, dir: 1 | -1): number {
  if (dir === 1) return RANGE_STEPS.find((s) => s > ms) ?? ms
  const smaller = RANGE_STEPS.filter((s) => s < ms)
  return smaller[smaller.length - 1] ?? ms
}
