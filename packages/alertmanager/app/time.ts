const UNITS: [string, number][] = [
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
]

/** `1d2h`, `30m`: a Prometheus-style duration, largest units first, to the second. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000)
  if (rest === 0) return '0s'
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

/** Reads `2h`, `1d12h`, `90m`; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim()
  if (!/^(\d+(w|d|h|m|s))+$/.test(s)) return undefined
  let ms = 0
  for (const [, n, unit] of s.matchAll(/(\d+)(w|d|h|m|s)/g)) {
    ms += Number(n) * (UNITS.find(([u]) => u === unit)?.[1] ?? 0)
  }
  return ms
}

/** `2024-01-02 15:04:05` in the browser's local time. */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** "5m ago" / "in 2h" relative to now. */
export function relative(iso: string, nowMs: number = Date.now()): string {
  const delta = Date.parse(iso) - nowMs
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`
}
