import { describe, expect, it } from 'vitest'
import { formatAgo, formatSeconds, formatTime, formatTimeMs, parseTime } from './time.js'

const T = Date.UTC(2023, 1, 3, 4, 5, 6, 789)

describe('formatTime and parseTime', () => {
  it('formats in UTC and reads its own format back (to the second)', () => {
    expect(formatTime(T)).toBe('2023-02-03 04:05:06')
    expect(formatTimeMs(T)).toBe('2023-02-03 04:05:06.789')
    expect(parseTime(formatTime(T))).toBe(T - 789)
    expect(parseTime(formatTimeMs(T))).toBe(T)
  })

  it.each([
    ['2023-02-03 04:05', Date.UTC(2023, 1, 3, 4, 5)],
    ['2023-02-03', Date.UTC(2023, 1, 3)],
    ['2023-02-03T04:05:06Z', Date.UTC(2023, 1, 3, 4, 5, 6)],
    ['1675397106', 1_675_397_106_000],
    ['1675397106.5', 1_675_397_106_500],
  ])('parses %s', (text, ms) => {
    expect(parseTime(text)).toBe(ms)
  })

  it.each(['', 'yesterday', '2023-13-45 99:99'])('rejects %j', (text) => {
    expect(parseTime(text)).toBeUndefined()
  })
})

describe('formatAgo', () => {
  it.each([
    ['2023-02-03T04:05:00Z', '6.0s ago'],
    ['2023-02-03T04:00:00Z', '5m 6s ago'],
    ['2023-02-03T01:00:00Z', '3h 5m ago'],
    ['2023-01-31T00:00:00Z', '3d 4h ago'],
    ['0001-01-01T00:00:00Z', 'never'],
  ])('%s is %s', (iso, want) => {
    expect(formatAgo(iso, Date.UTC(2023, 1, 3, 4, 5, 6))).toBe(want)
  })
})

describe('formatSeconds', () => {
  it.each([
    [0.0000123, '12.3µs'],
    [0.001234, '1.234ms'],
    [2.5, '2.500s'],
  ])('%d is %s', (s, want) => {
    expect(formatSeconds(s)).toBe(want)
  })
})
