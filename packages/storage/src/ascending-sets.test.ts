import { describe, expect, it } from 'vitest'
import { intersectAscending, subtractAscending } from './ascending-sets.js'

describe('ascending set operations', () => {
  it.each<[number[], number[], number[], number[]]>([
    // a, b, a ∩ b, a \ b
    [[], [], [], []],
    [[1, 2, 3], [], [], [1, 2, 3]],
    [[], [1, 2], [], []],
    [
      [1, 3, 5, 7],
      [2, 3, 4, 7, 9],
      [3, 7],
      [1, 5],
    ],
    [[1, 2, 3], [1, 2, 3], [1, 2, 3], []],
    [
      [0.1, 1, 10, Infinity],
      [1, 5, Infinity],
      [1, Infinity],
      [0.1, 10],
    ],
    [[10, 20], [1, 2, 3], [], [10, 20]],
  ])('%j and %j', (a, b, both, onlyA) => {
    const before = [a.slice(), b.slice()]
    expect(intersectAscending(a, b)).toEqual(both)
    expect(intersectAscending(b, a)).toEqual(both)
    expect(subtractAscending(a, b)).toEqual(onlyA)
    expect(subtractAscending(Float64Array.from(a), Uint32Array.from(b.filter(Number.isInteger)))).toEqual(
      subtractAscending(a, b.filter(Number.isInteger)),
    )
    expect([a, b]).toEqual(before)
  })
})
