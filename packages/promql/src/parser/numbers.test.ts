import { describe, expect, it } from 'vitest'
import { formatGoFloat, formatNumber, parseNumber } from './numbers.js'

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['010', 8],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['1.5e3', 1500],
    ['.5', 0.5],
    ['08', 8],
    ['Inf', Infinity],
    ['NaN', NaN],
    ['9223372036854775808', 9223372036854775808],
  ])('%s', (text, value) => {
    expect(parseNumber(text)).toBe(value)
  })

  it('rejects values out of float range', () => {
    expect(() => parseNumber(`1${'0'.repeat(400)}`)).toThrow('value out of range')
  })
})

describe('formatNumber and formatGoFloat', () => {
  it.each([
    [1, '1', '1'],
    [-0.5, '-0.5', '-0.5'],
    [1e21, '1000000000000000000000', '1e+21'],
    [123456, '123456', '123456'],
    [1234567, '1234567', '1.234567e+06'],
    [1e-7, '0.0000001', '1e-07'],
    [0.0001, '0.0001', '0.0001'],
    [Infinity, '+Inf', '+Inf'],
    [NaN, 'NaN', 'NaN'],
  ])('%d', (v, fixed, general) => {
    expect(formatNumber(v)).toBe(fixed)
    expect(formatGoFloat(v)).toBe(general)
  })
})
