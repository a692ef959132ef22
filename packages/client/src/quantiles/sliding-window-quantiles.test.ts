import { describe, expect, it } from 'vitest'
import { SlidingWindowQuantiles } from './sliding-window-quantiles.js'
import { MetricConfigError } from '../errors.js'

// A small deterministic PRNG (mulberry32) so every run feeds the same data.
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid] as number) < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid] as number) <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * How far, in ranks, `estimate` is from the exact q-quantile of `sorted` (rank ⌈q·n⌉). With duplicates an
 * estimate occupies a range of ranks; the distance is to the nearest of them.
 */
function rankDistance(sorted: Float64Array, q: number, estimate: number): number {
  const n = sorted.length
  const target = Math.min(n, Math.max(1, Math.ceil(q * n)))
  const first = lowerBound(sorted, estimate) + 1
  const last = upperBound(sorted, estimate)
  if (last < first) return Infinity // not an observed value at all
  if (target < first) return first - target
  if (target > last) return target - last
  return 0
}

const QS = [0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]

function distributions(): [string, Float64Array][] {
  const n = 100_000
  const rnd = random(42)
  const uniform = Float64Array.from({ length: n }, () => rnd())
  const exponential = Float64Array.from({ length: n }, () => -Math.log(1 - rnd()))
  const ascending = Float64Array.from({ length: n }, (_, i) => i)
  const descending = Float64Array.from({ length: n }, (_, i) => n - i)
  const duplicates = Float64Array.from({ length: n }, () => Math.floor(rnd() * 7))
  const heavyTail = Float64Array.from({ length: n }, () => 1 / (1 - rnd()) ** 2)
  const withInfinities = Float64Array.from({ length: n }, (_, i) =>
    i % 100 === 0 ? -Infinity : i % 101 === 0 ? Infinity : rnd() - 0.5,
  )
  return [
    ['uniform', uniform],
    ['exponential', exponential],
    ['sorted ascending', ascending],
    ['sorted descending', descending],
    ['many duplicates', duplicates],
    ['heavy tail', heavyTail],
    ['with ±Infinity', withInfinities],
  ]
}

describe('SlidingWindowQuantiles accuracy', () => {
  it.each(distributions())('%s: every quantile within the stated rank error', (_name, data) => {
    const window = new SlidingWindowQuantiles({ now: () => 0 })
    for (const v of data) window.observe(v)
    const sorted = Float64Array.from(data).sort()
    const allowed = window.guaranteedRankError * sorted.length
    for (const q of QS) {
      expect(rankDistance(sorted, q, window.quantile(q)), `q=${q}`).toBeLessThanOrEqual(allowed)
    }
    expect(window.quantile(0)).toBe(sorted[0])
    expect(window.quantile(1)).toBe(sorted[sorted.length - 1])
  })

  it.each([0.05, 0.01, 0.0001])('honours a configured rank error of %s', (rankError) => {
    const rnd = random(7)
    const data = Float64Array.from({ length: 50_000 }, () => rnd() * 1000)
    const window = new SlidingWindowQuantiles({ now: () => 0, rankError })
    for (const v of data) window.observe(v)
    const sorted = Float64Array.from(data).sort()
    for (let q = 0; q <= 1; q += 0.01) {
      expect(rankDistance(sorted, q, window.quantile(q))).toBeLessThanOrEqual(rankError * sorted.length)
    }
  })

  it('stays within the bound over a million observations while being queried along the way', () => {
    const rnd = random(1234)
    const n = 1_000_000
    const data = new Float64Array(n)
    const window = new SlidingWindowQuantiles({ now: () => 0, ageBuckets: 1 })
    for (let i = 0; i < n; i++) {
      const v = Math.exp(rnd() * 20 - 10)
      data[i] = v
      window.observe(v)
      if (i === 1000 || i === 100_000) {
        const sortedSoFar = data.slice(0, i + 1).sort()
        const median = window.quantile(0.5)
        expect(rankDistance(sortedSoFar, 0.5, median)).toBeLessThanOrEqual(0.001 * (i + 1))
      }
    }
    data.sort()
    for (const q of QS) {
      expect(rankDistance(data, q, window.quantile(q)), `q=${q}`).toBeLessThanOrEqual(0.001 * n)
    }
  })

  it('is exact for a handful of observations', () => {
    const window = new SlidingWindowQuantiles({ now: () => 0 })
    for (const v of [5, 1, 4, 2, 3]) window.observe(v)
    expect(QS.map((q) => window.quantile(q))).toEqual([1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5])
  })

  it('ignores NaN and returns NaN for an empty window or a quantile outside 0..1', () => {
    const window = new SlidingWindowQuantiles({ now: () => 0 })
    expect(window.quantile(0.5)).toBeNaN()
    window.observe(NaN)
    expect(window.quantile(0.5)).toBeNaN()
    window.observe(3)
    expect(window.count()).toBe(1)
    expect(window.quantile(0.5)).toBe(3)
    expect(window.quantile(-0.1)).toBeNaN()
    expect(window.quantile(1.1)).toBeNaN()
    expect(window.quantile(NaN)).toBeNaN()
  })
})

describe('SlidingWindowQuantiles window', () => {
  // maxAge 10 s in 5 streams: every 2 s the oldest stream is cleared. An observation stays visible for
  // between 8 and 10 s, depending on where in its 2 s interval it was made.
  function windowAt(clock: { t: number }): SlidingWindowQuantiles {
    return new SlidingWindowQuantiles({ maxAgeSeconds: 10, ageBuckets: 5, now: () => clock.t })
  }

  it.each([
    // [query time ms, observations visible (made at 0 ms, 1000 ms, 3000 ms and 9000 ms)]
    [1_500, [0, 1000]],
    [3_000, [0, 1000, 3000]],
    [9_999, [0, 1000, 3000, 9000]],
    [10_000, [3000, 9000]],
    [11_999, [3000, 9000]],
    [12_000, [9000]],
    [17_999, [9000]],
    [18_000, []],
  ])('at %i ms the window holds the observations made at %j ms', (queryAt, visible) => {
    const clock = { t: 0 }
    const window = windowAt(clock)
    for (const at of [0, 1000, 3000, 9000]) {
      if (at > queryAt) break
      clock.t = at
      window.observe(at)
    }
    clock.t = queryAt
    expect(window.count()).toBe(visible.length)
    expect(window.quantile(0)).toBe(visible.length === 0 ? NaN : visible[0])
    expect(window.quantile(1)).toBe(visible.length === 0 ? NaN : visible[visible.length - 1])
  })

  it('forgets expired observations completely, each stream having its own estimator', () => {
    const clock = { t: 0 }
    const window = windowAt(clock)
    for (let i = 0; i < 10_000; i++) window.observe(1000)
    clock.t = 10_500
    for (let i = 0; i < 10; i++) window.observe(i)
    expect(window.quantile(0.99)).toBe(9)
    expect(window.quantile(0.5)).toBeLessThanOrEqual(5)
  })

  it('expires everything after a long pause without rotating once per interval', () => {
    const clock = { t: 0 }
    const window = windowAt(clock)
    window.observe(1)
    clock.t = 1e15
    expect(window.quantile(0.5)).toBeNaN()
    window.observe(2)
    expect(window.quantile(0.5)).toBe(2)
    clock.t = 1e15 + 9_000
    expect(window.quantile(0.5)).toBe(2)
  })

  it('reset forgets observations and restarts the window', () => {
    const clock = { t: 5_000 }
    const window = windowAt(clock)
    for (let i = 0; i < 1000; i++) window.observe(i)
    window.reset()
    expect(window.quantile(0.5)).toBeNaN()
    window.observe(7)
    clock.t = 14_999
    expect(window.quantile(0.5)).toBe(7)
  })
})

describe('SlidingWindowQuantiles options', () => {
  it.each([
    [{ maxAgeSeconds: 0 }],
    [{ maxAgeSeconds: -1 }],
    [{ maxAgeSeconds: Infinity }],
    [{ ageBuckets: 0 }],
    [{ ageBuckets: 1.5 }],
    [{ rankError: 0 }],
    [{ rankError: 1 }],
  ])('rejects %j with ERR_METRIC_CONFIG', (opts) => {
    expect(() => new SlidingWindowQuantiles(opts)).toThrow(MetricConfigError)
    expect(() => new SlidingWindowQuantiles(opts)).toThrow(
      expect.objectContaining({ code: 'ERR_METRIC_CONFIG' }),
    )
  })
})
