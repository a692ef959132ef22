import { describe, expect, it } from 'vitest'
import { RecentObservations } from './recent-observations.js'

describe('RecentObservations', () => {
  it('gives NaN quantiles before any observation', () => {
    const r = new RecentObservations()
    expect(r.snapshot([0.5])).toEqual({ count: 0, sum: 0, quantiles: [{ quantile: 0.5, value: NaN }] })
  })

  it.each([
    [0.5, 50],
    [0.9, 90],
    [0.99, 99],
  ])('computes the %s quantile over the window', (q, want) => {
    const r = new RecentObservations(1000, 60_000)
    for (let i = 1; i <= 100; i++) r.observe(i, 1000)
    expect(r.snapshot([q], 2000).quantiles[0]?.value).toBe(want)
  })

  it('keeps count and sum of everything, quantiles of what is recent and still held', () => {
    const r = new RecentObservations(4, 10_000)
    r.observe(100, 0)
    for (let i = 1; i <= 5; i++) r.observe(i, 20_000)
    const s = r.snapshot([0, 1], 25_000)
    expect(s.count).toBe(6)
    expect(s.sum).toBe(115)
    // Capacity 4: the oldest recent value (1) and the stale 100 are gone.
    expect(s.quantiles.map((x) => x.value)).toEqual([2, 5])
    expect(r.snapshot([0.5], 40_000).quantiles[0]?.value).toBeNaN()
  })
})
