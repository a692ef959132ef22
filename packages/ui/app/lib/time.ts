// Times as the expression browser shows and links them: UTC, `YYYY-MM-DD HH:mm:ss`, like Prometheus's UI.

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Formats epoch milliseconds as `YYYY-MM-DD HH:mm:ss` in UTC. */
export function formatTime(ms: number): string {
  const d = new Date(ms)
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  )
}

/** Formats epoch milliseconds with milliseconds, for tooltips and tables (`… HH:mm:ss.SSS`). */
export function formatTimeMs(ms: number): string {
  return `${formatTime(ms)}.${pad(new Date(ms).getUTCMilliseconds(), 3)}`
}

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?$/

/**
 * Parses `YYYY-MM-DD[ HH:mm[:ss[.SSS]]]` (UTC), an RFC 3339 time or Unix seconds into epoch milliseconds;
 * undefined when the text is none of these.
 */
export function parseTime(text: string): number | undefined {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000)
  const m = TIME_RE.exec(t)
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac] = m
    const ms = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
      Number((frac ?? '0').padEnd(3, '0')),
    )
    const back = new Date(ms)
    // Date.UTC rolls 13/45 over into the next year; a field out of range is a typo, not a time.
    return back.getUTCMonth() === Number(mo) - 1 &&
      back.getUTCDate() === Number(d) &&
      Number(h ?? 0) < 24 &&
      Number(mi ?? 0) < 60 &&
      Number(s ?? 0) < 60
      ? ms
      : undefined
  }
  const iso = Date.parse(t)
  return Number.isNaN(iso) ? undefined : iso
}

/** "12s ago" / "3m ago" for last-scrape and last-evaluation columns; "never" for Go's zero time. */
export function formatAgo(iso: string, nowMs: number): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms) || ms <= 0) return 'never'
  const s = Math.max(0, (nowMs - ms) / 1000)
  if (s < 60) return `${s.toFixed(1)}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m ${Math.floor(s % 60)}s ago`
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ago`
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h ago`
}

/** Seconds as the targets and rules pages show durations: `1.234ms`, `2.5s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds)
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(1)}µs`
  if (seconds < 1) return `${(seconds * 1e3).toFixed(3)}ms`
  return `${seconds.toFixed(3)}s`
}
