import { describe, expect, it } from 'vitest'
import { formatAxisValue, formatSeries, formatValue } from './format.js'

describe('formatSeries', () => {
  it.each([
    [{ __name__: 'up', job: 'app', instance: 'h:1' }, 'up{instance="h:1", job="app"}'],
    [{ __name__: 'up' }, 'up'],
    [{ code: '200' }, '{code="200"}'],
    [{}, '{}'],
    [{ __name__: 'x', path: 'a"b\\c' }, 'x{path="a\\"b\\\\c"}'],
  ])('%j is %s', (metric, want) => {
    expect(formatSeries(metric)).toBe(want)
  })
})

describe('formatValue', () => {
  it.each([
    ['1', '1'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['1e+21', '1e+21'],
    ['NaN', 'NaN'],
    ['+Inf', '+Inf'],
    ['-Inf', '-Inf'],
  ])('%s is %s', (value, want) => {
    expect(formatValue(value)).toBe(want)
  })
})

describe('formatAxisValue', () => {
  it.each([
    [0, '0'],
    [1.23456789, '1.23457'],
    [1234567, '1.23e+6'],
    [0.0001, '1.00e-4'],
    [Infinity, 'Infinity'],
    [null, ''],
  ])('%s is %s', (n, want) => {
    expect(formatAxisValue(n)).toBe(want)
  })
})
