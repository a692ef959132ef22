import { describe, expect, it } from 'vitest'
import { kahanAdd, type KahanPair, kahanSum, kahanTotal } from './kahan.js'

describe('kahan summation', () => {
  it.each([
    [[1, 1e100, 1, -1e100], 2],
    [[0.1, 0.2, 0.3], 0.6],
    [[Infinity, 1, -5], Infinity],
    [[-Infinity, 1e308], -Infinity],
    [[Infinity, -Infinity], NaN],
    [[], 0],
  ])('sums %j to %d', (values, expected) => {
    expect(kahanSum(values)).toBe(expected)
  })

  it('drops the compensation once the sum overflows', () => {
    const acc: KahanPair = { sum: 0, c: 0 }
    kahanAdd(acc, 1.5e308)
    kahanAdd(acc, 1.5e308)
    expect(acc.c).toBe(0)
    expect(kahanTotal(acc)).toBe(Infinity)
  })
})
