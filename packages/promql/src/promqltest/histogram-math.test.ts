import { emptyHistogram, type NativeHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { addHistograms, combineHints, compactHistogram, HistogramMathError } from './histogram-math.js'

function h(fields: Partial<NativeHistogram>): NativeHistogram {
  return { ...emptyHistogram(), ...fields }
}

describe('histogram arithmetic', () => {
  it('adds bucket by bucket at the same schema', () => {
    const a = h({ count: 3, sum: 2, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [1, 2] })
    const b = h({ count: 2, sum: 1, positiveSpans: [{ offset: 1, length: 2 }], positiveBuckets: [1, 1] })
    expect(addHistograms(a, b, 1)).toMatchObject({
      count: 5,
      sum: 3,
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [1, 3, 1],
    })
  })

  it('subtracts', () => {
    const a = h({ count: 5, zeroCount: 2, positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [3] })
    expect(addHistograms(a, a, -1)).toMatchObject({ count: 0, zeroCount: 0, positiveBuckets: [0] })
  })

  it('reduces to the coarser schema', () => {
    // Schema 1 buckets 1,2 (upper bounds √2, 2) fall into schema 0 bucket 1 (upper bound 2).
    const fine = h({
      schema: 1,
      count: 2,
      positiveSpans: [{ offset: 1, length: 2 }],
      positiveBuckets: [1, 1],
    })
    const coarse = h({ schema: 0, count: 1, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [1] })
    expect(addHistograms(fine, coarse, 1)).toMatchObject({
      schema: 0,
      positiveSpans: [{ offset: 1, length: 1 }],
      positiveBuckets: [3],
    })
  })

  it('intersects custom bounds and refuses to mix with exponential buckets', () => {
    const a = h({
      schema: -53,
      customValues: [1, 2],
      positiveSpans: [{ offset: 0, length: 3 }],
      positiveBuckets: [1, 1, 1],
    })
    const b = h({
      schema: -53,
      customValues: [2],
      positiveSpans: [{ offset: 0, length: 2 }],
      positiveBuckets: [1, 1],
    })
    expect(addHistograms(a, b, 1)).toMatchObject({ customValues: [2], positiveBuckets: [3, 2] })
    expect(() => addHistograms(a, h({}), 1)).toThrow(HistogramMathError)
  })

  it.each([
    ['gauge', 'reset', 'gauge'],
    ['unknown', 'reset', 'unknown'],
    ['reset', 'not-reset', 'unknown'],
    ['not-reset', 'not-reset', 'not-reset'],
  ] as const)('combines hints %s and %s into %s', (a, b, want) => {
    expect(combineHints(a, b)).toBe(want)
  })

  it('compacts away empty buckets, splitting spans', () => {
    const c = compactHistogram(
      h({ positiveSpans: [{ offset: 0, length: 4 }], positiveBuckets: [0, 1, 0, 2] }),
    )
    expect(c.positiveSpans).toEqual([
      { offset: 1, length: 1 },
      { offset: 1, length: 1 },
    ])
    expect(c.positiveBuckets).toEqual([1, 2])
  })
})
