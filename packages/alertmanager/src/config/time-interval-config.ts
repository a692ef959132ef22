import { ConfigError } from '../errors.js'
import {
  isKnownLocation,
  parseDayOfMonthRange,
  parseMonthRange,
  parseTimeOfDay,
  parseWeekdayRange,
  parseYearRange,
  type InclusiveRange,
  type TimeInterval,
} from './time-interval.js'
import { fields, seq, str, where, type YNode } from './yaml-node.js'

function ranges(node: YNode | undefined, parse: (s: string) => InclusiveRange): InclusiveRange[] | undefined {
  if (node === undefined || (node.kind === 'scalar' && node.isNull)) return undefined
  return seq(node).map((item) => {
    try {
      return parse(str(item))
    } catch (err) {
      if (err instanceof ConfigError) throw err
      throw new ConfigError(`${(err as Error).message} at ${where(item)}`, { cause: err })
    }
  })
}

function parseInterval(node: YNode): TimeInterval {
  const f = fields(
    node,
    ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'],
    'timeinterval.TimeInterval',
  )
  const out: TimeInterval = {}
  const times = f.get('times')
  if (times !== undefined && !(times.kind === 'scalar' && times.isNull)) {
    out.times = seq(times).map((t) => {
      const tf = fields(t, ['start_time', 'end_time'], 'timeinterval.yamlTimeRange')
      const start = str(tf.get('start_time'))
      const end = str(tf.get('end_time'))
      if (start === '' || end === '')
        throw new ConfigError(`both start and end times must be provided at ${where(t)}`)
      let startMinute: number, endMinute: number
      try {
        startMinute = parseTimeOfDay(start)
        endMinute = parseTimeOfDay(end)
      } catch (err) {
        throw new ConfigError(`${(err as Error).message} at ${where(t)}`, { cause: err })
      }
      if (startMinute >= endMinute) {
        throw new ConfigError(`start time cannot be equal or greater than end time at ${where(t)}`)
      }
      return { startMinute, endMinute }
    })
  }
  const weekdays = ranges(f.get('weekdays'), parseWeekdayRange)
  if (weekdays !== undefined) out.weekdays = weekdays
  const days = ranges(f.get('days_of_month'), parseDayOfMonthRange)
  if (days !== undefined) out.daysOfMonth = days
  const months = ranges(f.get('months'), parseMonthRange)
  if (months !== undefined) out.months = months
  const years = ranges(f.get('years'), parseYearRange)
  if (years !== undefined) out.years = years
  const location = f.get('location')
  if (location !== undefined && !(location.kind === 'scalar' && location.isNull)) {
    const zone = str(location)
    if (!isKnownLocation(zone)) throw new ConfigError(`unknown time zone ${zone} at ${where(location)}`)
    out.location = zone
  }
  return out
}

/** Parses a `time_intervals` (or deprecated `mute_time_intervals`) list into name → intervals pairs. */
export function parseTimeIntervals(node: YNode | undefined, label: string): [string, TimeInterval[]][] {
  return seq(node).map((entry) => {
    const f = fields(entry, ['name', 'time_intervals'], 'config.plain')
    const name = str(f.get('name'))
    if (name === '') throw new ConfigError(`missing name in ${label} at ${where(entry)}`)
    return [name, seq(f.get('time_intervals')).map(parseInterval)]
  })
}
