const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** Layout chunks of Go's time.Format, longest first where prefixes overlap. */
const CHUNKS = [
  'January',
  'Monday',
  'Jan',
  'Mon',
  'MST',
  '2006',
  '002',
  '__2',
  '_2',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  '-07:00:00',
  '-070000',
  '-07:00',
  '-0700',
  '-07',
  'Z07:00:00',
  'Z070000',
  'Z07:00',
  'Z0700',
  'Z07',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
]

/**
 * A point in time as Go's time.Time prints in templates: nanosecond precision, a fixed UTC
 * offset and zone name; `String()` and `Format(layout)` follow Go's layouts.
 */
export class GoTime {
  static readonly goType = 'time.Time'

  /**
   * @param epochMs milliseconds since 1970 (integer)
   * @param nanos extra nanoseconds within the millisecond, 0–999999
   * @param offsetSeconds the zone's offset east of UTC
   * @param zone the zone's abbreviation; empty prints the numeric offset, as Go does
   */
  constructor(
    readonly epochMs: number,
    readonly nanos = 0,
    readonly offsetSeconds = 0,
    readonly zone = 'UTC',
  ) {}

  /** Parses RFC 3339 with optional fractional seconds (how times arrive in JSON). */
  static parseRfc3339(s: string): GoTime | undefined {
    const m =
      /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/.exec(
        s,
      )
    if (!m) return undefined
    const frac = (m[7] ?? '').padEnd(9, '0')
    const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60)
    const d = new Date(0)
    // setUTCFullYear, unlike Date.UTC, keeps years below 100 (Go's zero time is year 1).
    d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
    d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]))
    const utc = d.getTime()
    const ms = utc - offset * 1000 + Number(frac.slice(0, 3))
    return new GoTime(ms, Number(frac.slice(3)), offset, m[8] ? 'UTC' : '')
  }

  /** Seconds since 1970 (Go's Unix()). */
  Unix(): bigint {
    return BigInt(Math.floor(this.epochMs / 1000))
  }

  /** The same instant in UTC. */
  UTC(): GoTime {
    return new GoTime(this.epochMs, this.nanos, 0, 'UTC')
  }

  /** Go's default format: `2006-01-02 15:04:05.999999999 -0700 MST`. */
  String(): string {
    return this.Format('2006-01-02 15:04:05.999999999 -0700 MST')
  }

  /** JSON form, RFC 3339 with nanoseconds, as Go marshals time.Time. */
  toJSON(): string {
    return this.Format('2006-01-02T15:04:05.999999999Z07:00')
  }

  /** Formats with a Go reference layout (Mon Jan 2 15:04:05 MST 2006). */
  Format(layout: string): string {
    const local = new Date(this.epochMs + this.offsetSeconds * 1000)
    const fracNanos = (((this.epochMs % 1000) + 1000) % 1000) * 1e6 + this.nanos
    let out = ''
    for (let i = 0; i < layout.length;) {
      const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i))
      if (frac) {
        const digits = String(fracNanos)
          .padStart(9, '0')
          .slice(0, (frac[1] as string).length)
        if ((frac[1] as string)[0] === '0') out += (layout[i] as string) + digits
        else {
          const trimmed = digits.replace(/0+$/, '')
          if (trimmed !== '') out += (layout[i] as string) + trimmed
        }
        i += frac[0].length
        continue
      }
      const chunk = CHUNKS.find((c) => layout.startsWith(c, i))
      if (chunk === undefined) {
        out += layout[i]
        i++
        continue
      }
      out += this.formatChunk(chunk, local)
      i += chunk.length
    }
    return out
  }

  private formatChunk(chunk: string, d: Date): string {
    const hour = d.getUTCHours()
    const off = this.offsetSeconds
    const offSign = off < 0 ? '-' : '+'
    const offH = pad(Math.floor(Math.abs(off) / 3600), 2)
    const offM = pad(Math.floor((Math.abs(off) % 3600) / 60), 2)
    const offS = pad(Math.abs(off) % 60, 2)
    const yday =
      Math.floor(
        (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
          86400000,
      ) + 1
    switch (chunk) {
      case 'January':
        return MONTHS[d.getUTCMonth()] ?? ''
      case 'Jan':
        return (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3)
      case 'Monday':
        return DAYS[d.getUTCDay()] ?? ''
      case 'Mon':
        return (DAYS[d.getUTCDay()] ?? '').slice(0, 3)
      case 'MST':
        return this.zone !== '' ? this.zone : `${offSign}${offH}${offM}`
      case '2006':
        return pad(d.getUTCFullYear(), 4)
      case '06':
        return pad(d.getUTCFullYear() % 100, 2)
      case '01':
        return pad(d.getUTCMonth() + 1, 2)
      case '1':
        return String(d.getUTCMonth() + 1)
      case '02':
        return pad(d.getUTCDate(), 2)
      case '_2':
        return String(d.getUTCDate()).padStart(2, ' ')
      case '2':
        return String(d.getUTCDate())
      case '002':
        return pad(yday, 3)
      case '__2':
        return String(yday).padStart(3, ' ')
      case '15':
        return pad(hour, 2)
      case '03':
        return pad(hour % 12 === 0 ? 12 : hour % 12, 2)
      case '3':
        return String(hour % 12 === 0 ? 12 : hour % 12)
      case '04':
        return pad(d.getUTCMinutes(), 2)
      case '4':
        return String(d.getUTCMinutes())
      case '05':
        return pad(d.getUTCSeconds(), 2)
      case '5':
        return String(d.getUTCSeconds())
      case 'PM':
        return hour >= 12 ? 'PM' : 'AM'
      case 'pm':
        return hour >= 12 ? 'pm' : 'am'
    }
    const z = chunk.startsWith('Z')
    if (z && off === 0) return 'Z'
    const spec = z ? chunk.slice(1) : chunk
    switch (spec) {
      case '-07:00:00':
        return `${offSign}${offH}:${offM}:${offS}`
      case '-070000':
      case '070000':
        return `${offSign}${offH}${offM}${offS}`
      case '-07:00':
      case '07:00':
        return `${offSign}${offH}:${offM}`
      case '-0700':
      case '0700':
        return `${offSign}${offH}${offM}`
      default:
        return `${offSign}${offH}`
    }
  }
}

/** Go's zero time.Time, 0001-01-01 00:00:00 UTC (an unset EndsAt). */
export const GO_ZERO_TIME: GoTime = GoTime.parseRfc3339('0001-01-01T00:00:00Z') ?? new GoTime(0)
