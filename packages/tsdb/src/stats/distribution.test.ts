import { describe, expect, it } from 'vitest'
import { Distribution, exponentialBounds } from './distribution.js'

describe('Distribution', () => {
  it.each([
    [[], [1, 2], [2]],
    [
      [1, 10],
      [0.5, 1, 3, 50],
      [2, 3, 4],
    ],
    [[1, 10], [], [0, 0, 0]],
  ])('with bounds %j, observing %j gives cumulative counts %j', (bounds, values, cumulative) => {
    const d = new Distribution(bounds)
    for (const v of values) d.observe(v)
    const s = d.snapshot()
    expect(s.upperBounds).toEqual([...bounds, Infinity])
    expect(s.cumulativeCounts).toEqual(cumulative)
    expect(s.count).toBe(values.length)
    expect(s.sum).toBe(values.reduce((a, b) => a + b, 0))
  })

  it('times a task that throws too', () => {
    const d = new Distribution()
    expect(() =>
      d.time(() => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(d.snapshot().count).toBe(1)
  })

  it('builds Prometheus-style exponential bounds', () => {
    expect(exponentialBounds(32, 1.5, 4)).toEqual([32, 48, 72, 108])
  })
})
