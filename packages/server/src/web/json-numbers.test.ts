import { describe, expect, it } from 'vitest'
import { formatApiFloat, formatApiTimestamp, formatJsonSeconds } from './json-numbers.js'

// Each expected string is what Prometheus 2.42 answers for `vector(<value>)` on /api/v1/query.
describe('formatApiFloat (jsonutil.MarshalValue)', () => {
  it.each([
    [1, '1'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '-0'],
    [1e6, '1000000'],
    [123456789012, '123456789012'],
    [123456789.125, '123456789.125'],
    [1e-5, '0.00001'],
    [1e-6, '0.000001'],
    [1.5e-7, '1.5e-07'],
    [-1.25e-7, '-1.25e-07'],
    [1e-300, '1e-300'],
    [5e-324, '5e-324'],
    [1e21, '1e+21'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
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
