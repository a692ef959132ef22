/** An inclusive range of integers (weekdays 0–6 from Sunday, days of month ±1–31, months 1–12, years). */
export interface InclusiveRange {
  begin: number
  end: number
}

/** One entry of a named time interval: every given dimension must contain the instant. */
export interface TimeInterval {
  /** Minutes of the day, start inclusive, end exclusive. */
  times?: { startMinute: number; endMinute: number }[]
  weekdays?: InclusiveRange[]
  daysOfMonth?: InclusiveRange[]
  months?: InclusiveRange[]
  years?: InclusiveRange[]
  /** IANA zone name, `UTC` or `Local`; absent means the process's local zone, as in the original. */
  location?: string
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

function parseRange(text: string, member: (s: string) => number): InclusiveRange {
  const lower = text.toLowerCase()
  const parts = lower.split(':')
  if (parts.length > 2) throw new Error(`couldn't parse range ${lower}, invalid format`)
  const begin = member(parts[0] as string)
  const end = parts.length === 2 ? member(parts[1] as string) : begin
  return { begin, end }
}

function integer(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`)
  return Number(s)
}

/** Parses a `weekdays` entry such as `monday:friday`; throws with the original's message. */
export function parseWeekdayRange(text: string): InclusiveRange {
  const r = parseRange(text, (s) => {
    const i = WEEKDAYS.indexOf(s)
    if (i < 0) throw new Error(`${s} is not a valid weekday`)
    return i
  })
  if (r.begin > r.end) throw new Error('start day cannot be before end day')
  return r
}

/** Parses a `days_of_month` entry such as `1:7` or `-3:-1`. */
export function parseDayOfMonthRange(text: string): InclusiveRange {
  const r = parseRange(text, integer)
  for (const d of [r.begin, r.end]) {
    if (d === 0 || d < -31 || d > 31) throw new Error(`${d} is not a valid day of the month: out of range`)
  }
  if (r.begin < 0 && r.end > 0) throw new Error('end day must be negative if start day is negative')
  const b = r.begin < 0 ? 28 + r.begin : r.begin
  const e = r.end < 0 ? 28 + r.end : r.end
  if (b > e) throw new Error(`end day ${r.end} is always before start day ${r.begin}`)
  return r
}

/** Parses a `months` entry such as `january:march` or `1:3`. */
export function parseMonthRange(text: string): InclusiveRange {
  const r = parseRange(text, (s) => {
    const i = MONTHS.indexOf(s)
    if (i >= 0) return i + 1
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`${s} is not a valid month`)
    return Number(s)
  })
  if (r.begin > r.end) {
    throw new Error(`end month ${MONTHS[r.end - 1] ?? ''} is before start month ${MONTHS[r.begin - 1] ?? ''}`)
  }
  return r
}

/** Parses a `years` entry such as `2024:2026`. */
export function parseYearRange(text: string): InclusiveRange {
  const r = parseRange(text, integer)
  if (r.begin > r.end) throw new Error(`end year ${r.end} is before start year ${r.begin}`)
  return r
}

const TIME_RE = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/

/** Parses `HH:MM` (00:00–24:00) into minutes of the day. */
export function parseTimeOfDay(text: string): number {
  if (!TIME_RE.test(text)) throw new Error(`couldn't parse timestamp ${text}, invalid format`)
  const [h, m] = text.split(':') as [string, string]
  return Number(h) * 60 + Number(m)
}

/** True if `zone` is a time zone name the runtime knows (`Local` and `UTC` included). */
export function isKnownLocation(zone: string): boolean {
  if (zone === 'Local' || zone === 'UTC' || zone === '') return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

interface CivilTime {
  year: number
  month: number
  day: number
  weekday: number
  minuteOfDay: number
  daysInMonth: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function civil(tMs: number, zone: string | undefined): CivilTime {
  let year: number, month: number, day: number, hour: number, minute: number
  if (zone === 'UTC') {
    const d = new Date(tMs)
    year = d.getUTCFullYear()
    month = d.getUTCMonth() + 1
    day = d.getUTCDate()
    hour = d.getUTCHours()
    minute = d.getUTCMinutes()
  } else {
    const tz = zone === 'Local' || zone === '' || zone === undefined ? undefined : zone
    const key = tz ?? 'Local'
    let f = formatters.get(key)
    if (f === undefined) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      })
      formatters.set(key, f)
    }
    const parts: Record<string, number> = {}
    for (const p of f.formatToParts(new Date(tMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value)
    year = parts.year ?? 0
    month = parts.month ?? 1
    day = parts.day ?? 1
    hour = parts.hour ?? 0
    minute = parts.minute ?? 0
  }
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, day, weekday, minuteOfDay: hour * 60 + minute, daysInMonth }
}

function inAny(ranges: readonly InclusiveRange[] | undefined, v: number): boolean {
  if (ranges === undefined) return true
  for (const r of ranges) if (v >= r.begin && v <= r.end) return true
  return false
}

/** True if the instant falls inside the interval, evaluated in its location as the original does. */
export function intervalContains(interval: TimeInterval, tMs: number): boolean {
  const c = civil(tMs, interval.location)
  if (interval.times !== undefined) {
    if (!interval.times.some((r) => c.minuteOfDay >= r.startMinute && c.minuteOfDay < r.endMinute))
      return false
  }
  if (interval.daysOfMonth !== undefined) {
    let inside = false
    for (const r of interval.daysOfMonth) {
      const begin = r.begin < 0 ? c.daysInMonth + r.begin + 1 : r.begin
      let end = r.end < 0 ? c.daysInMonth + r.end + 1 : r.end
      if (begin > c.daysInMonth) continue
      end = Math.min(Math.max(end, -c.daysInMonth), c.daysInMonth)
      if (c.day >= begin && c.day <= end) {
        inside = true
        break
      }
    }
    if (!inside) return false
  }
  return (
    inAny(interval.months, c.month) && inAny(interval.weekdays, c.weekday) && inAny(interval.years, c.year)
  )
}

/** True if any of the intervals contains the instant. */
export function anyIntervalContains(intervals: readonly TimeInterval[], tMs: number): boolean {
  return intervals.some((i) => intervalContains(i, tMs))
}
