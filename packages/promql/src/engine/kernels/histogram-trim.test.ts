import { describe, expect, it } from 'vitest'
import { trimHistogram } from './histogram-trim.js'
import { hist } from './kernel.test-fixtures.js'

// Schema 0: (0.5,1] holds 2, (1,2] holds 4, (2,4] holds 8.
const exponential = hist({
  count: 14,
  sum: 30,
  positiveSpans: [{ offset: 0, length: 3 }],
  positiveBuckets: [2, 4, 8],
})
// Custom bounds 1 and 2: (-Inf,1] holds 2, (1,2] holds 2, (2,+Inf] holds 1.
const custom = hist({
  schema: -53,
  customValues: [1, 2],
  count: 5,
  sum: 6,
  positiveSpans: [{ offset: 0, length: 3 }],
  positiveBuckets: [2, 2, 1],
})
const zeroOnly = hist({ zeroThreshold: 0.5, zeroCount: 4, count: 4, sum: 0 })

describe('trimHistogram', () => {
  it.each([
    [
      'keeps whole buckets at or below the bound',
      exponential,
      2,
      true,
      6,
      5 * Math.SQRT2,
      [2, 4],
      [{ offset: 0, length: 2 }],
    ],
    [
      'keeps whole buckets at or above the bound',
      exponential,
      2,
      false,
      8,
      8 * Math.sqrt(8),
      [8],
      [{ offset: 2, length: 1 }],
    ],
    [
      'interpolates a straddled exponential bucket on a log scale',
      exponential,
      3,
      true,
      6 + 8 * (Math.log2(3) - 1),
      5 * Math.SQRT2 + 8 * (Math.log2(3) - 1) * Math.sqrt(6),
      [2, 4, 8 * (Math.log2(3) - 1)],
      [{ offset: 0, length: 3 }],
    ],
    [
      'interpolates custom buckets linearly and drops the +Inf bucket',
      custom,
      1.5,
      true,
      3,
      2 * 0.5 + 1.25,
      [2, 1],
      [{ offset: 0, length: 2 }],
    ],
    ['splits the zero bucket at the bound', zeroOnly, 0, false, 2, 0.5, [], []],
  ])('%s', (_name, h, x, upper, count, sum, buckets, spans) => {
    const out = trimHistogram(h, x, upper)
    expect(out.count).toBeCloseTo(count, 12)
    expect(out.sum).toBeCloseTo(sum, 12)
    expect(out.positiveBuckets.length).toBe(buckets.length)
    out.positiveBuckets.forEach((b, i) => expect(b).toBeCloseTo(buckets[i] as number, 12))
    expect(out.positiveSpans).toEqual(spans)
  })

  it('returns an untouched copy (count and sum kept) when nothing is cut', () => {
    const out = trimHistogram(exponential, 100, true)
    expect(out).toEqual(exponential)
    expect(out).not.toBe(exponential)
  })

  it('leaves its input alone', () => {
    trimHistogram(exponential, 1.5, false)
    expect(exponential.positiveBuckets).toEqual([2, 4, 8])
  })
})
