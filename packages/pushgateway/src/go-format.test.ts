import { describe, expect, it } from 'vitest'
import { formatGoFloat } from './go-format.js'

describe('formatGoFloat (Go fmt.Sprint of a float64)', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e-7, '1e-07'],
    [1.5e-7, '1.5e-07'],
    [123456, '123456'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [123456789, '1.23456789e+08'],
    [1.7e9, '1.7e+09'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s → %s', (v, text) => expect(formatGoFloat(v)).toBe(text))
})
