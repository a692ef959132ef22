import { describe, expect, it } from 'vitest'
import { ANNOTATIONS } from './annotation-texts.js'
import {
  classicFraction,
  classicQuantile,
  histogramAvg,
  histogramStddev,
  histogramStdvar,
  nativeFraction,
  nativeQuantile,
} from './histogram-kernels.js'
import { hist, RecordingSink } from './kernel.test-fixtures.js'

const b = (pairs: [number, number][]): { upperBound: number; count: number }[] =>
  pairs.map(([upperBound, count]) => ({ upperBound, count }))

describe('classic histogram_quantile', () => {
  const buckets = b([
    [1, 10],
    [2, 20],
    [Infinity, 20],
  ])
  it.each([
    [0.5, buckets, 1],
    [0.75, buckets, 1.5],
    [1, buckets, 2],
    [0, buckets, 0],
    [-0.1, buckets, -Infinity],
    [1.1, buckets, Infinity],
    [NaN, buckets, NaN],
    // The rank falls into the +Inf bucket: the highest finite bound.
    [
      0.99,
      b([
        [1, 10],
        [Infinity, 20],
      ]),
      1,
    ],
    // Without +Inf the estimate is undefined.
    [
      0.5,
      b([
        [1, 10],
        [2, 20],
      ]),
      NaN,
    ],
    // No observations.
    [
      0.5,
      b([
        [1, 0],
        [Infinity, 0],
      ]),
      NaN,
    ],
    // A first bucket at or below zero is returned as is.
    [
      0.1,
      b([
        [-1, 5],
        [Infinity, 10],
      ]),
      -1,
    ],
    // Unsorted input and duplicate bounds are handled.
    [
      0.75,
      b([
        [Infinity, 20],
        [2, 15],
        [1, 10],
        [2, 5],
      ]),
      1.5,
    ],
  ] as const)('q=%d over %j is %d', (q, input, expected) => {
    const got = classicQuantile(q, input).value
    if (Number.isNaN(expected)) expect(got).toBeNaN()
    else expect(got).toBeCloseTo(expected, 12)
  })

  it('forces monotonicity and says so', () => {
    const r = classicQuantile(
      0.5,
      b([
        [1, 10],
        [2, 8],
        [Infinity, 20],
      ]),
    )
    expect(r.forcedMonotonic).toBe(true)
    expect(r.value).toBe(1)
  })

  it('ignores float noise without flagging it', () => {
    expect(
      classicQuantile(
        0.5,
        b([
          [1, 10],
          [2, 10 - 1e-15],
          [Infinity, 20],
        ]),
      ).forcedMonotonic,
    ).toBe(false)
  })
})

describe('classic histogram_fraction', () => {
  const buckets = b([
    [1, 10],
    [2, 20],
    [Infinity, 40],
  ])
  it.each([
    [0, 1, 0.25],
    [0, 1.5, 0.375],
    [-Infinity, Infinity, 1],
    [2, Infinity, 0.5],
    [1, 1, 0],
    [NaN, 1, NaN],
  ])('[%d, %d] is %d', (lower, upper, expected) => {
    const got = classicFraction(lower, upper, buckets)
    if (Number.isNaN(expected)) expect(got).toBeNaN()
    else expect(got).toBeCloseTo(expected, 12)
  })
})

describe('native histogram_quantile and histogram_fraction', () => {
  // Schema 0: bucket 1 is (1, 2], bucket 2 is (2, 4].
  const h = hist({ count: 4, sum: 6, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [4] })
  const custom = hist({
    schema: -53,
    customValues: [1, 2],
    count: 4,
    sum: 6,
    positiveSpans: [{ offset: 1, length: 1 }],
    positiveBuckets: [4],
  })
  const zero = hist({
    zeroThreshold: 0.001,
    zeroCount: 2,
    count: 4,
    sum: 3,
    positiveSpans: [{ offset: 1, length: 1 }],
    positiveBuckets: [2],
  })

  it.each([
    ['exponential, interpolated on a log scale', 0.5, h, Math.SQRT2],
    ['exponential, low quantile from below', 0.25, h, 2 ** 0.25],
    ['custom buckets interpolate linearly', 0.5, custom, 1.5],
    ['zero bucket, positive side only', 0.25, zero, 0.0005],
    ['q > 1', 2, h, Infinity],
    ['q < 0', -1, h, -Infinity],
    ['empty', 0.5, hist({}), NaN],
  ] as const)('%s', (_name, q, histogram, expected) => {
    const got = nativeQuantile(q, histogram, 'm', new RecordingSink())
    if (Number.isNaN(expected)) expect(got).toBeNaN()
    else expect(got).toBeCloseTo(expected, 12)
  })

  it('reports NaN observations', () => {
    const nan = hist({ count: 5, sum: NaN, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [4] })
    const sink = new RecordingSink()
    expect(nativeQuantile(0.99, nan, 'm', sink)).toBeNaN()
    expect(sink.infos).toEqual([ANNOTATIONS.quantileNaNResult('m')])
    const skew = new RecordingSink()
    nativeQuantile(0.5, nan, 'm', skew)
    expect(skew.infos).toEqual([ANNOTATIONS.quantileNaNSkew('m')])
  })

  it.each([
    [0, 1.5, h, Math.log2(1.5)],
    [-Infinity, Infinity, h, 1],
    [3, 2, h, 0],
    [1, 1.5, custom, 0.5],
  ] as const)('fraction [%d, %d]', (lower, upper, histogram, expected) => {
    expect(nativeFraction(lower, upper, histogram, 'm', new RecordingSink())).toBeCloseTo(expected, 12)
  })

  it('computes avg, stdvar and stddev from bucket midpoints', () => {
    // One bucket (1, 2] with geometric mean √2; mean 1.5.
    expect(histogramAvg(h)).toBe(1.5)
    expect(histogramStdvar(h)).toBeCloseTo((Math.SQRT2 - 1.5) ** 2, 12)
    expect(histogramStddev(custom)).toBeCloseTo(0, 12)
  })
})
