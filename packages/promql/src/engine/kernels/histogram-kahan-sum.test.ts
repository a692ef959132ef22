import { describe, expect, it } from 'vitest'
import { IncompatibleHistogramSchemaError } from './float-histogram.js'
import { HistogramKahanSum } from './histogram-kahan-sum.js'
import { hist } from './kernel.test-fixtures.js'

const nhcb = (customValues: number[]) =>
  hist({
    schema: -53,
    customValues,
    count: 1,
    sum: 1,
    positiveSpans: [{ offset: 0, length: 1 }],
    positiveBuckets: [1],
  })

describe('HistogramKahanSum', () => {
  it('keeps small sums that huge ones cancel out', () => {
    const acc = HistogramKahanSum.of(hist({ count: 1, sum: 3.1 }))
    acc.add(hist({ count: 1, sum: 1e100 }))
    acc.add(hist({ count: 1, sum: -1e100 }))
    acc.add(hist({ count: 1, sum: 1.3 }))
    expect(acc.total()).toMatchObject({ count: 4, sum: 4.4 })
  })

  it('reconciles custom bounds onto the common ones', () => {
    const acc = HistogramKahanSum.of(nhcb([5]))
    expect(acc.add(nhcb([5, 10])).customBoundsReconciled).toBe(true)
    acc.add(nhcb([5, 10]))
    expect(acc.total()).toMatchObject({ count: 3, sum: 3, customValues: [5], positiveBuckets: [3] })
  })

  it('adds at the coarser schema', () => {
    const fine = hist({
      schema: 1,
      count: 2,
      positiveSpans: [{ offset: 1, length: 2 }],
      positiveBuckets: [1, 1],
    })
    const acc = HistogramKahanSum.of(fine)
    acc.add(hist({ schema: 0, count: 1, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [1] }))
    expect(acc.total()).toMatchObject({
      schema: 0,
      count: 3,
      positiveSpans: [{ offset: 1, length: 1 }],
      positiveBuckets: [3],
    })
  })

  it('divides sum and compensation separately', () => {
    const acc = HistogramKahanSum.of(hist({ count: 3, sum: 3 }))
    acc.add(hist({ count: 3, sum: 3 }))
    expect(acc.total(2)).toMatchObject({ count: 3, sum: 3 })
  })

  it('flags a counter-reset collision and refuses mixed bucket kinds', () => {
    const acc = HistogramKahanSum.of(hist({ counterResetHint: 'reset' }))
    expect(acc.add(hist({ counterResetHint: 'not-reset' })).counterResetCollision).toBe(true)
    expect(() => acc.add(nhcb([1]))).toThrow(IncompatibleHistogramSchemaError)
  })
})
