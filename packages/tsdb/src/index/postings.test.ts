import { describe, expect, it } from 'vitest'
import { intersectPostings, mergePostings, withoutPostings } from './postings.js'

describe('postings', () => {
  it.each([
    [
      [
        [1, 2, 3, 5],
        [2, 3, 4, 5],
        [0, 3, 5, 9],
      ],
      [3, 5],
    ],
    [[[1, 2], []], []],
    [[[7]], [7]],
    [[], []],
  ])('intersect %j = %j', (lists, want) => {
    expect(intersectPostings(lists)).toEqual(want)
  })

  it.each([
    [
      [[1, 4], [2, 4, 6], [0]],
      [0, 1, 2, 4, 6],
    ],
    [[[], [3]], [3]],
    [[], []],
  ])('merge %j = %j', (lists, want) => {
    expect(mergePostings(lists)).toEqual(want)
  })

  it.each([
    [
      [1, 2, 3, 4],
      [2, 4, 8],
      [1, 3],
    ],
    [[1, 2], [], [1, 2]],
    [[], [1], []],
  ])('%j without %j = %j', (a, b, want) => {
    expect(withoutPostings(a, b)).toEqual(want)
  })
})
