import { describe, expect, it } from 'vitest'
import { MAX_TIME_MS, MIN_TIME_MS, parseDurationParam, parseTime, parseTimeParam } from './api-params.js'

describe('parseTime', () => {
  it.each([
    ['1700000000', 1_700_000_000_000],
    ['1700000000.123', 1_700_000_000_123],
    ['1700000000.1236', 1_700_000_000_124],
    ['1e9', 1_000_000_000_000],
    ['-1.5', -1500],
    ['2023-11-14T22:13:20Z', 1_700_000_000_000],
    ['2023-11-14T22:13:20.123456789Z', 1_700_000_000_123],
    ['2023-11-15T00:13:20+02:00', 1_700_000_000_000],
    ['-292273086-05-16T16:47:06Z', MIN_TIME_MS],
    ['292277025-08-18T07:12:54.999999999Z', MAX_TIME_MS],
  ])('%s -> %s', (text, ms) => {
    expect(parseTime(text)).toBe(ms)
  })

  it.each(['', 'abc', '2023-13-01T00:00:00Z', '2023-02-30T00:00:00Z', ' 1', '1h'])('refuses %j', (text) => {
    expect(() => parseTime(text)).toThrow(`cannot parse ${JSON.stringify(text)} to a valid timestamp`)
  })

  it('names the parameter for optional times and falls back when absent', () => {
    expect(parseTimeParam(undefined, 'time', 7)).toBe(7)
    expect(() => parseTimeParam('x', 'time', 7)).toThrow(
      `Invalid time value for 'time': cannot parse "x" to a valid timestamp`,
    )
  })
})

describe('parseDurationParam', () => {
  it.each([
    ['15', 15_000],
    ['0.5', 500],
    ['0.0015', 1],
    ['1m30s', 90_000],
    ['5m', 300_000],
    ['-1', -1000],
  ])('%s -> %s ms', (text, ms) => {
    expect(parseDurationParam(text)).toBe(ms)
  })

  it.each([
    ['abc', 'cannot parse "abc" to a valid duration'],
    ['', 'cannot parse "" to a valid duration'],
    ['1e10', 'cannot parse "1e10" to a valid duration. It overflows int64'],
  ])('refuses %j', (text, message) => {
    expect(() => parseDurationParam(text)).toThrow(message)
  })
})
