import { describe, expect, it } from 'vitest'
import { GO_ZERO_TIME, GoTime } from './go-time.js'

describe('GoTime', () => {
  const t = GoTime.parseRfc3339('2024-03-05T17:08:09.123456789+02:00')

  it.each([
    ['2006-01-02 15:04:05.999999999 -0700 MST', '2024-03-05 17:08:09.123456789 +0200 +0200'],
    ['Mon Jan _2 3:04PM', 'Tue Mar  5 5:08PM'],
    ['Monday January 2 2006 06 002', 'Tuesday March 5 2024 24 065'],
    ['15:04:05.000 Z07:00 -07:00', '17:08:09.123 +02:00 +02:00'],
    ['.999999 .9 ,000', '.123456 .1 ,123'],
  ])('formats %j', (layout, want) => {
    expect(t?.Format(layout)).toBe(want)
  })

  it('prints like Go: UTC zone name, trailing zeros of fractions dropped, year 1 for the zero time', () => {
    expect(t?.UTC().String()).toBe('2024-03-05 15:08:09.123456789 +0000 UTC')
    expect(new GoTime(1500).String()).toBe('1970-01-01 00:00:01.5 +0000 UTC')
    expect(GO_ZERO_TIME.String()).toBe('0001-01-01 00:00:00 +0000 UTC')
    expect(GoTime.parseRfc3339('2024-01-01T00:00:00Z')?.Format('Z07:00')).toBe('Z')
    expect(GoTime.parseRfc3339('nope')).toBeUndefined()
  })
})
