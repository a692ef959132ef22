import { describe, expect, it } from 'vitest'
import { alignMatrix, autoStepSec, isolatedPoints, seriesColor, stackColumns } from './graph-data.js'

describe('autoStepSec', () => {
  it.each([
    [3_600_000, 14],
    [43_200_000, 172],
    [60_000, 1],
  ])('range %d ms gives step %d s', (range, step) => {
    expect(autoStepSec(range)).toBe(step)
  })
})

describe('alignMatrix', () => {
  it('places samples on the grid, with gaps for missing, off-range and non-finite points', () => {
    const data = alignMatrix(
      [
        {
          metric: { a: '1' },
          values: [
            [100, '1'],
            [110, '2'],
            [130, 'NaN'],
          ],
        },
        {
          metric: { a: '2' },
          values: [
            [90, '9'],
            [120.4, '+Inf'],
            [119.6, '3'],
          ],
        },
      ],
      100,
      130,
      10,
    )
    expect(data).toEqual([
      [100, 110, 120, 130],
      [1, 2, null, null],
      [null, null, 3, null],
    ])
  })

  it('has an x column but no y columns for an empty result', () => {
    expect(alignMatrix([], 0, 20, 10)).toEqual([[0, 10, 20]])
  })
})

describe('stackColumns', () => {
  it('adds each visible series onto the ones before it', () => {
    const data = stackColumns(
      [
        [0, 1, 2],
        [1, null, 1],
        [2, 2, null],
        [5, 5, 5],
      ],
      [true, true, true],
    )
    expect(data).toEqual([
      [0, 1, 2],
      [1, null, 1],
      [3, 2, null],
      [8, 7, 6],
    ])
  })

  it('leaves hidden series out of the sums', () => {
    const data = stackColumns(
      [
        [0, 1],
        [1, 1],
        [2, 2],
      ],
      [false, true],
    )
    expect(data[2]).toEqual([2, 2])
  })
})

describe('seriesColor', () => {
  it('gives neighbours different hues', () => {
    const colors = new Set(Array.from({ length: 20 }, (_, i) => seriesColor(i)))
    expect(colors.size).toBe(20)
  })
})

describe('isolatedPoints', () => {
  it.each([
    [
      [null, 1, null, 2, 3, null, 4],
      [1, 6],
    ],
    [[5], [0]],
    [[1, 2, 3], null],
    [[null, null], null],
  ])('%j has isolated points %j', (col, want) => {
    expect(isolatedPoints(col)).toEqual(want)
  })
})
