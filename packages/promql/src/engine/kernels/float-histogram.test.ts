import { describe, expect, it } from 'vitest'
import { detectHistogramReset } from './counter-reset.js'
import {
  addHistograms,
  combineCounterResetHints,
  compactHistogram,
  divideHistogram,
  histogramsEqual,
  histogramToSchema,
  IncompatibleHistogramSchemaError,
  scaleHistogram,
} from './float-histogram.js'
import { bucketBound } from './histogram-buckets.js'
import { hist } from './kernel.test-fixtures.js'

describe('bucket bounds', () => {
  it.each([
    [1, 0, 2],
    [0, 0, 1],
    [-1, 0, 0.5],
    [1, 1, Math.SQRT2],
    [3, 2, 2 ** 0.75],
    [1, -2, 16],
    [1024, 0, Number.MAX_VALUE],
    [1025, 0, Infinity],
  ])('bucket %d of schema %d ends at %d', (index, schema, expected) => {
    expect(bucketBound(index, schema, undefined)).toBeCloseTo(expected, 12)
  })
})

describe('float histogram arithmetic', () => {
  const a = hist({ count: 3, sum: 2, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [1, 2] })
  const b = hist({ count: 2, sum: 1, positiveSpans: [{ offset: 1, length: 2 }], positiveBuckets: [1, 1] })

  it('adds bucket by bucket', () => {
    expect(addHistograms(a, b).h).toMatchObject({
      count: 5,
      sum: 3,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [1, 3, 1],
    })
  })

  it('subtracts and keeps emptied buckets until compacted', () => {
    const diff = addHistograms(a, a, -1).h
    expect(diff.positiveBuckets).toEqual([0, 0])
    expect(compactHistogram(diff)).toMatchObject({ positiveSpans: [], positiveBuckets: [] })
  })

  it('reduces to the coarser schema', () => {
    // Schema 1 buckets 1 and 2 ((1, √2] and (√2, 2]) merge into schema 0 bucket 1 ((1, 2]).
    const fine = hist({
      schema: 1,
      count: 2,
      positiveSpans: [{ offset: 1, length: 2 }],
      positiveBuckets: [1, 1],
    })
    const coarse = hist({ count: 1, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [1] })
    expect(addHistograms(fine, coarse).h).toMatchObject({
      schema: 0,
      positiveSpans: [{ offset: 1, length: 1 }],
      positiveBuckets: [3],
    })
    expect(histogramToSchema(fine, -1)).toMatchObject({ schema: -1, positiveBuckets: [2] })
  })

  it('widens the zero bucket to a bucket boundary when it would split a populated bucket', () => {
    // Threshold 1.5 falls inside bucket 1 = (1, 2] of `a`, so the common threshold becomes 2.
    const wide = hist({ zeroThreshold: 1.5, zeroCount: 1, count: 1 })
    const sum = addHistograms(a, wide).h
    expect(sum.zeroThreshold).toBe(2)
    expect(sum.zeroCount).toBe(1 + 1 + 2)
    expect(compactHistogram(sum).positiveBuckets).toEqual([])
  })

  it('reconciles custom buckets to their common bounds', () => {
    const c1 = hist({
      schema: -53,
      customValues: [1, 2, 3],
      count: 6,
      positiveSpans: [{ offset: 0, length: 4 }],
      positiveBuckets: [1, 2, 3, 0],
    })
    const c2 = hist({
      schema: -53,
      customValues: [2, 4],
      count: 2,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [1, 1],
    })
    const r = addHistograms(c1, c2)
    expect(r.customBoundsReconciled).toBe(true)
    expect(r.h).toMatchObject({ customValues: [2], positiveBuckets: [4, 4] })
  })

  it('refuses to combine exponential and custom buckets', () => {
    expect(() => addHistograms(a, hist({ schema: -53, customValues: [1] }))).toThrow(
      IncompatibleHistogramSchemaError,
    )
  })

  it.each([
    ['unknown', 'unknown', 'unknown', false],
    ['gauge', 'reset', 'gauge', false],
    ['not-reset', 'gauge', 'gauge', false],
    ['reset', 'unknown', 'unknown', false],
    ['reset', 'not-reset', 'unknown', true],
  ] as const)('hints %s and %s combine to %s', (x, y, hint, collision) => {
    expect(combineCounterResetHints(x, y)).toEqual({ hint, collision })
  })

  it('scales and divides', () => {
    expect(scaleHistogram(a, 2)).toMatchObject({ count: 6, sum: 4, positiveBuckets: [2, 4] })
    expect(scaleHistogram(a, -1).counterResetHint).toBe('gauge')
    expect(divideHistogram(a, 2)).toMatchObject({ count: 1.5, positiveBuckets: [0.5, 1] })
    expect(divideHistogram(a, 0)).toMatchObject({ count: Infinity, positiveSpans: [], positiveBuckets: [] })
    expect(a.positiveBuckets).toEqual([1, 2])
  })

  it('compares histograms bucket-exactly', () => {
    expect(
      histogramsEqual(a, { ...a, positiveSpans: [{ offset: 0, length: 3 }], positiveBuckets: [1, 2, 0] }),
    ).toBe(true)
    expect(histogramsEqual(a, { ...a, sum: 2.5 })).toBe(false)
    expect(histogramsEqual(a, b)).toBe(false)
  })
})

describe('counter reset detection', () => {
  const prev = hist({
    count: 3,
    zeroCount: 1,
    positiveSpans: [{ offset: 0, length: 2 }],
    positiveBuckets: [1, 1],
  })
  it.each([
    [
      'growth everywhere',
      hist({ count: 5, zeroCount: 1, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [2, 2] }),
      false,
    ],
    ['lower count', hist({ count: 2 }), true],
    [
      'a bucket went down',
      hist({ count: 5, zeroCount: 3, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [0, 2] }),
      true,
    ],
    [
      'a populated bucket vanished',
      hist({ count: 5, zeroCount: 4, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [1] }),
      true,
    ],
    [
      'zero bucket went down',
      hist({ count: 5, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [3, 2] }),
      true,
    ],
    [
      'finer schema',
      hist({
        schema: 1,
        count: 5,
        zeroCount: 1,
        positiveSpans: [{ offset: 0, length: 1 }],
        positiveBuckets: [4],
      }),
      true,
    ],
    ['hint says reset', { ...prev, counterResetHint: 'reset' as const }, true],
    ['hint says not-reset', { ...hist({}), counterResetHint: 'not-reset' as const }, false],
  ])('%s', (_name, curr, expected) => {
    expect(detectHistogramReset(curr, prev)).toBe(expected)
  })

  it('compares custom buckets at their common bounds', () => {
    const p = hist({
      schema: -53,
      customValues: [1, 2],
      count: 3,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [1, 2],
    })
    const grown = hist({
      schema: -53,
      customValues: [2],
      count: 4,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [4],
    })
    const shrunk = hist({
      schema: -53,
      customValues: [2],
      count: 4,
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [2, 2],
    })
    expect(detectHistogramReset(grown, p)).toBe(false)
    expect(detectHistogramReset(shrunk, p)).toBe(true)
  })
})
