import { describe, expect, it } from 'vitest'
import { formatCanonicalFloat, formatMsAsSeconds, formatSampleValue } from './number-format.js'

describe('number formatting', () => {
  it.each([
    [0, '0', '0.0'],
    [-0, '0', '0.0'],
    [1, '1', '1.0'],
    [-1, '-1', '-1.0'],
    [1000000, '1000000', '1000000.0'],
    [123456789012, '123456789012', '123456789012.0'],
    [0.25, '0.25', '0.25'],
    [0.1 + 0.2, '0.30000000000000004', '0.30000000000000004'],
    [1e-7, '1e-7', '1e-7'],
    [1e21, '1e+21', '1e+21'],
    [2.5e300, '2.5e+300', '2.5e+300'],
    [Infinity, '+Inf', '+Inf'],
    [-Infinity, '-Inf', '-Inf'],
    [NaN, 'NaN', 'NaN'],
  ])('formats %d', (v, sample, canonical) => {
    expect(formatSampleValue(v)).toBe(sample)
    expect(formatCanonicalFloat(v)).toBe(canonical)
  })

  it('keeps every finite value round-trippable', () => {
    for (const v of [Math.PI, 1 / 3, 5e-324, Number.MAX_VALUE, -1.5e-10]) {
      expect(Number(formatSampleValue(v))).toBe(v)
    }
  })

  it.each([
    [0, '0'],
    [1500, '1.5'],
    [1234567890123, '1234567890.123'],
    [-1, '-0.001'],
  ])('formats %d ms as seconds', (ms, s) => {
    expect(formatMsAsSeconds(ms)).toBe(s)
  })
})
