import { describe, expect, it } from 'vitest'
import {
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
} from './humanize.js'

describe('Prometheus humanize functions', () => {
  it.each([
    [humanize, 0, '0'],
    [humanize, 1234567, '1.235M'],
    [humanize, 999.5, '999.5'],
    [humanize, 1000, '1k'],
    [humanize, -1234, '-1.234k'],
    [humanize, 0.000123, '123u'],
    [humanize, 1e30, '1e+06Y'],
    [humanize, NaN, 'NaN'],
    [humanize, Infinity, '+Inf'],
    [humanize, '12345', '12.35k'],
    [humanize, 5n, '5'],
    [humanize1024, 1048576, '1Mi'],
    [humanize1024, 1, '1'],
    [humanize1024, 1536, '1.5ki'],
    [humanizeDuration, 0, '0s'],
    [humanizeDuration, 3725.5, '1h 2m 5s'],
    [humanizeDuration, 93784.25, '1d 2h 3m 4s'],
    [humanizeDuration, 59.25, '59.25s'],
    [humanizeDuration, -90, '-1m 30s'],
    [humanizeDuration, 0.0015, '1.5ms'],
    [humanizePercentage, 0.12345, '12.35%'],
    [humanizePercentage, 1, '100%'],
    [humanizeTimestamp, 1435065584.128, '2015-06-23 13:19:44.128 +0000 UTC'],
    [humanizeTimestamp, 0, '1970-01-01 00:00:00 +0000 UTC'],
  ] as Array<[(v: unknown) => string, unknown, string]>)('%o(%o) = %s', (fn, input, want) => {
    expect(fn(input)).toBe(want)
  })

  it.each([
    ['abc', 'strconv.ParseFloat: parsing "abc": invalid syntax'],
    [true, "can't convert bool to float"],
  ])('rejects %o', (input, message) => {
    expect(() => humanize(input)).toThrow(message)
  })
})
