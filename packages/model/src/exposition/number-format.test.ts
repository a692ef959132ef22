import { describe, expect, it } from 'vitest'
import { formatCanonicalFloat, formatCount, formatMsAsSeconds, formatSampleValue } from './number-format.js'

describe('number formatting', () => {
  // The sample column is what Go's expfmt text writer prints: pushed through prometheus-pushgateway 1.x
  // and read back from its /metrics. The canonical column adds writeOpenMetricsFloat's `.0`.
  it.each<[number, string, string]>([
    [0, '0', '0.0'],
    [-0, '0', '0.0'],
    [1, '1', '1.0'],
    [-1, '-1', '-1.0'],
    [0.1, '0.1', '0.1'],
    [0.25, '0.25', '0.25'],
    [0.1 + 0.2, '0.30000000000000004', '0.30000000000000004'],
    [1e-4, '0.0001', '0.0001'],
    [0.00012345, '0.00012345', '0.00012345'],
    [1e-5, '1e-05', '1e-05'],
    [1.5e-7, '1.5e-07', '1.5e-07'],
    [-1.5e-7, '-1.5e-07', '-1.5e-07'],
    [1e-300, '1e-300', '1e-300'],
    [5e-324, '5e-324', '5e-324'],
    [100000, '100000', '100000.0'],
    [123456.7, '123456.7', '123456.7'],
    [999999.5, '999999.5', '999999.5'],
    [1e6, '1e+06', '1e+06'],
    [12345678.9, '1.23456789e+07', '1.23456789e+07'],
    [123456789012, '1.23456789012e+11', '1.23456789012e+11'],
    [1e21, '1e+21', '1e+21'],
    [1e100, '1e+100', '1e+100'],
    [Number.MAX_VALUE, '1.7976931348623157e+308', '1.7976931348623157e+308'],
    [Infinity, '+Inf', '+Inf'],
    [-Infinity, '-Inf', '-Inf'],
    [NaN, 'NaN', 'NaN'],
  ])('formats %d', (v, sample, canonical) => {
    expect(formatSampleValue(v)).toBe(sample)
    expect(formatCanonicalFloat(v)).toBe(canonical)
  })

  it('keeps every finite value round-trippable', () => {
    for (const v of [
      Math.PI,
      1 / 3,
      5e-324,
      Number.MAX_VALUE,
      -1.5e-10,
      9.999999999999999e-5,
      999999.9999999999,
    ]) {
      expect(Number(formatSampleValue(v))).toBe(v)
    }
  })

  it.each<[number, string]>([
    [0, '0'],
    [3_000_000, '3000000'],
    [2 ** 53, '9007199254740992'],
    [1.5, '1.5'],
    [1e21, '1e+21'],
  ])('formats count %d as the Go client writes its integer counts', (v, text) => {
    expect(formatCount(v)).toBe(text)
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
