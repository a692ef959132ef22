import { describe, expect, it } from 'vitest'
import { formatApiFloat, formatApiTimestamp, formatJsonSeconds } from './json-numbers.js'

describe('formatApiFloat (Go FormatFloat f, -1)', () => {
  it.each([
    [1, '1'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '-0'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.25e-7, '-0.000000125'],
    [123456789.125, '123456789.125'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s -> %s', (v, want) => {
    expect(formatApiFloat(v)).toBe(want)
  })
})

describe('formatApiTimestamp (jsonutil.MarshalTimestamp)', () => {
  it.each([
    [1795673521080, '1795673521.080'],
    [1795673521000, '1795673521'],
    [1795673521005, '1795673521.005'],
    [1795673521500, '1795673521.500'],
    [-1500, '-1.500'],
    [0, '0'],
  ])('%s -> %s', (ms, want) => {
    expect(formatApiTimestamp(ms)).toBe(want)
  })

  it('writes scalar times as encoding/json writes a float', () => {
    expect(formatJsonSeconds(1795673523550)).toBe('1795673523.55')
  })
})
