import { describe, expect, it } from 'vitest'
import { ELEMENTWISE_KERNELS } from './elementwise-kernels.js'

function run(name: string, v: number, params: number[] = []): number {
  const kernel = ELEMENTWISE_KERNELS[name]
  if (kernel === undefined) throw new Error(`no kernel ${name}`)
  return kernel(v, params)
}

describe('elementwise kernels', () => {
  it.each([
    ['abs', -2.5, [], 2.5],
    ['ceil', 1.2, [], 2],
    ['floor', -1.2, [], -2],
    ['exp', 0, [], 1],
    ['sqrt', 16, [], 4],
    ['sqrt', -1, [], NaN],
    ['ln', Math.E, [], 1],
    ['ln', 0, [], -Infinity],
    ['log2', 8, [], 3],
    ['log10', 1000, [], 3],
    ['sgn', -3, [], -1],
    ['sgn', 0, [], 0],
    ['sgn', NaN, [], NaN],
    ['round', 2.5, [], 3],
    ['round', -2.5, [], -2],
    ['round', 12.3456, [0.01], 12.35],
    ['round', 17, [5], 15],
    ['round', 18, [5], 20],
    ['clamp', 5, [0, 3], 3],
    ['clamp', -5, [0, 3], 0],
    ['clamp_min', -5, [0], 0],
    ['clamp_max', 7, [3], 3],
    ['clamp_max', NaN, [3], NaN],
    ['sin', 0, [], 0],
    ['cos', 0, [], 1],
    ['tan', 0, [], 0],
    ['asin', 1, [], Math.PI / 2],
    ['acos', 1, [], 0],
    ['atan', 1, [], Math.PI / 4],
    ['sinh', 0, [], 0],
    ['cosh', 0, [], 1],
    ['tanh', Infinity, [], 1],
    ['asinh', 0, [], 0],
    ['acosh', 1, [], 0],
    ['atanh', 0, [], 0],
    ['atanh', 1, [], Infinity],
    ['deg', Math.PI, [], 180],
    ['rad', 180, [], Math.PI],
  ])('%s(%d, %j) = %d', (name, v, params, expected) => {
    expect(run(name, v, params)).toBe(expected)
  })

  // 2024-02-29T23:59:59Z is a Thursday, day 60 of a leap year.
  const leapDay = Date.UTC(2024, 1, 29, 23, 59, 59) / 1000
  it.each([
    ['day_of_month', leapDay, 29],
    ['day_of_week', leapDay, 4],
    ['day_of_year', leapDay, 60],
    ['days_in_month', leapDay, 29],
    ['days_in_month', 0, 31],
    ['hour', leapDay, 23],
    ['minute', leapDay, 59],
    ['month', leapDay, 2],
    ['year', leapDay, 2024],
    ['year', 0, 1970],
    ['day_of_week', 0, 4],
    ['hour', leapDay + 0.9, 23],
    ['year', -1, 1969],
  ])('%s(%d) = %d', (name, v, expected) => {
    expect(run(name, v)).toBe(expected)
  })
})

describe('date kernels in the first century', () => {
  // 0050-12-31T00:00:00Z: year 50 is not a leap year, so this is day 365.
  const v = -60_589_296_000 + 365 * 86_400 - 86_400
  it.each([
    ['year', 50],
    ['day_of_year', 365],
    ['days_in_month', 31],
  ])('%s', (name, expected) => {
    expect(ELEMENTWISE_KERNELS[name]?.(v, [])).toBe(expected)
  })
})
