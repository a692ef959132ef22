import { describe, expect, it } from 'vitest'
import type { NativeHistogram } from './metric-family.js'
import { copyHistogram, emptyHistogram, identicalHistograms } from './native-histogram.js'

const h: NativeHistogram = {
  schema: 0,
  zeroThreshold: 1e-128,
  zeroCount: 1,
  count: 4,
  sum: 6,
  positiveSpans: [{ offset: 0, length: 2 }],
  positiveBuckets: [1, 2],
  negativeSpans: [],
  negativeBuckets: [],
  counterResetHint: 'not-reset',
}

describe('native histogram helpers', () => {
  it.each([
    [undefined, 0],
    [3, 3],
    [-53, -53],
  ])('makes an empty histogram in schema %s', (schema, want) => {
    const e = emptyHistogram(schema)
    expect(e).toMatchObject({ schema: want, zeroThreshold: 0, zeroCount: 0, count: 0, sum: 0 })
    expect([e.positiveSpans, e.positiveBuckets, e.negativeSpans, e.negativeBuckets]).toEqual([[], [], [], []])
    expect(Object.keys(e)).toHaveLength(9)
    // Each call owns its arrays: a decoder filling one in must not leak into the next.
    e.positiveBuckets.push(1)
    expect(emptyHistogram(schema).positiveBuckets).toEqual([])
  })

  it('copies deeply', () => {
    const c = copyHistogram({ ...h, schema: -53, customValues: [1, 2] })
    expect(c).toEqual({ ...h, schema: -53, customValues: [1, 2] })
    c.positiveBuckets[0] = 9
    ;(c.positiveSpans[0] as { length: number }).length = 9
    expect(h.positiveBuckets[0]).toBe(1)
    expect(h.positiveSpans[0]?.length).toBe(2)
  })

  it.each<[string, NativeHistogram, Partial<NativeHistogram>]>([
    ['a bucket count', h, { positiveBuckets: [1, 3] }],
    ['the hint', h, { counterResetHint: 'reset' }],
    ['a span', h, { positiveSpans: [{ offset: 1, length: 2 }] }],
    ['the sign of a zero sum', { ...h, sum: 0 }, { sum: -0 }],
    ['custom bounds', h, { customValues: [1] }],
  ])('tells histograms apart by %s', (_, base, change) => {
    expect(identicalHistograms(base, { ...base, ...change })).toBe(false)
    expect(identicalHistograms(base, copyHistogram(base))).toBe(true)
  })
})
