import { describe, expect, it } from 'vitest'
import { emptyHistogram, type BucketSpan, type NativeHistogram } from '@watchfire/model'
import { bucketIndex } from './native-bucket-index.js'
import { NativeHistogramBuckets } from './native-histogram-buckets.js'
import { MetricConfigError } from '../errors.js'

// Expands spans + absolute counts back into index -> count, dropping the zero counts that fill short gaps.
function expand(spans: BucketSpan[], counts: number[]): Map<number, number> {
  const out = new Map<number, number>()
  let index = 0
  let k = 0
  spans.forEach((span, i) => {
    index = i === 0 ? span.offset : index + span.offset
    for (let j = 0; j < span.length; j++) {
      const count = counts[k++] as number
      if (count !== 0) out.set(index, count)
      index++
    }
  })
  expect(k).toBe(counts.length)
  return out
}

function countByIndex(values: number[], schema: number): Map<number, number> {
  const out = new Map<number, number>()
  for (const v of values) out.set(bucketIndex(v, schema), (out.get(bucketIndex(v, schema)) ?? 0) + 1)
  return out
}

function sorted(m: Map<number, number>): [number, number][] {
  return [...m].sort((a, b) => a[0] - b[0])
}

function histogramOf(
  values: number[],
  opts?: ConstructorParameters<typeof NativeHistogramBuckets>[0],
): NativeHistogram {
  const h = new NativeHistogramBuckets(opts)
  for (const v of values) h.observe(v)
  return h.snapshot(
    values.length,
    values.reduce((a, b) => a + b, 0),
  )
}

describe('NativeHistogramBuckets', () => {
  it('defaults to schema 3, zero threshold 2^-128 and an empty snapshot', () => {
    expect(new NativeHistogramBuckets().snapshot(0, 0)).toEqual({
      ...emptyHistogram(3),
      zeroThreshold: 2 ** -128,
    })
  })

  it.each([
    // [zeroThreshold, value, where it goes]
    [2 ** -128, 0, 'zero'],
    [2 ** -128, -0, 'zero'],
    [2 ** -128, 2 ** -128, 'zero'],
    [2 ** -128, -(2 ** -128), 'zero'],
    [2 ** -128, 2 ** -128 * 1.0000001, 'positive'],
    [2 ** -128, -(2 ** -128) * 1.0000001, 'negative'],
    [0.5, 0.5, 'zero'],
    [0.5, 0.5000000000000001, 'positive'],
    [0, 0, 'zero'],
    [0, 5e-324, 'positive'],
    [0, -5e-324, 'negative'],
    [0, Infinity, 'positive'],
    [0, -Infinity, 'negative'],
  ])('with zero threshold %s, %s goes to the %s buckets', (zeroThreshold, value, where) => {
    const s = histogramOf([value], { zeroThreshold })
    expect(s.zeroThreshold).toBe(zeroThreshold)
    expect(s.zeroCount).toBe(where === 'zero' ? 1 : 0)
    expect(s.positiveBuckets).toEqual(where === 'positive' ? [1] : [])
    expect(s.negativeBuckets).toEqual(where === 'negative' ? [1] : [])
    if (where !== 'zero') {
      const spans = where === 'positive' ? s.positiveSpans : s.negativeSpans
      expect(spans).toEqual([{ offset: bucketIndex(value, 3), length: 1 }])
    }
  })

  it.each([
    // [schema, values, spans, counts]
    [0, [1], [{ offset: 0, length: 1 }], [1]],
    [0, [1, 2, 2, 4], [{ offset: 0, length: 3 }], [1, 2, 1]],
    // A gap of two empty buckets is filled with zero counts...
    [0, [1, 8], [{ offset: 0, length: 4 }], [1, 0, 0, 1]],
    // ...a gap of three starts a new span whose offset is the gap.
    [
      0,
      [1, 16],
      [
        { offset: 0, length: 1 },
        { offset: 3, length: 1 },
      ],
      [1, 1],
    ],
    [
      0,
      [0.25, 0.5, 1024, 2048, 2 ** 20],
      [
        { offset: -2, length: 2 },
        { offset: 10, length: 2 },
        { offset: 8, length: 1 },
      ],
      [1, 1, 1, 1, 1],
    ],
    [2, [1.1, 1.1, 1.5], [{ offset: 1, length: 3 }], [2, 0, 1]],
    [-2, [1, 16, 17, 256, 4096], [{ offset: 0, length: 4 }], [1, 1, 2, 1]],
  ])('schema %i, observations %j: spans %j, counts %j', (schema, values, spans, counts) => {
    const s = histogramOf(values, { schema })
    expect(s.schema).toBe(schema)
    expect(s.positiveSpans).toEqual(spans)
    expect(s.positiveBuckets).toEqual(counts)
    const negative = histogramOf(
      values.map((v) => -v),
      { schema },
    )
    expect(negative.negativeSpans).toEqual(spans)
    expect(negative.negativeBuckets).toEqual(counts)
    expect(negative.positiveSpans).toEqual([])
  })

  it.each([-4, -1, 0, 3, 8])('schema %i snapshot round-trips to the counts per bucket index', (schema) => {
    let seed = 99
    const values: number[] = []
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 16807) % 2147483647
      const u = seed / 2147483647
      values.push((u < 0.3 ? -1 : 1) * Math.exp((u * 2 - 1) * 30))
    }
    values.push(0, 1e-200, -1e-200)
    const s = histogramOf(values, { schema, maxBuckets: 0 })
    expect(s.count).toBe(values.length)
    expect(sorted(expand(s.positiveSpans, s.positiveBuckets))).toEqual(
      sorted(
        countByIndex(
          values.filter((v) => v > 2 ** -128),
          schema,
        ),
      ),
    )
    expect(sorted(expand(s.negativeSpans, s.negativeBuckets))).toEqual(
      sorted(
        countByIndex(
          values.filter((v) => v < -(2 ** -128)),
          schema,
        ),
      ),
    )
    expect(s.zeroCount).toBe(3)
  })

  it('ignores NaN: the caller counts it in count and sum, no bucket does', () => {
    const h = new NativeHistogramBuckets()
    h.observe(NaN)
    h.observe(1)
    const s = h.snapshot(2, NaN)
    expect(s.count).toBe(2)
    expect(s.sum).toBeNaN()
    expect(s.zeroCount).toBe(0)
    expect(s.positiveBuckets).toEqual([1])
    expect(s.negativeBuckets).toEqual([])
  })

  it('puts ±Infinity one bucket above the largest finite value', () => {
    const s = histogramOf([Number.MAX_VALUE, Infinity, -Infinity], { schema: 0 })
    expect(s.positiveSpans).toEqual([{ offset: 1024, length: 2 }])
    expect(s.positiveBuckets).toEqual([1, 1])
    expect(s.negativeSpans).toEqual([{ offset: 1025, length: 1 }])
  })
})

describe('NativeHistogramBuckets resolution reduction', () => {
  // 200 values spread over 2^-10 .. 2^10, a third of them negative.
  const spread = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? -1 : 1) * 2 ** ((i / 200) * 20 - 10))

  function populated(values: number[], schema: number): number {
    const positive = countByIndex(
      values.filter((v) => v > 0),
      schema,
    )
    const negative = countByIndex(
      values.filter((v) => v < 0),
      schema,
    )
    return positive.size + negative.size
  }

  it.each([
    // [initial schema, maxBuckets]
    [3, 160],
    [8, 160],
    [3, 20],
    [0, 4],
    [-3, 1],
  ])(
    'schema %i limited to %i buckets matches observing directly at the schema it settles on',
    (schema, maxBuckets) => {
      // Halving never goes back up, so it settles on the highest schema where all values fit the limit.
      let expectedSchema = schema
      while (expectedSchema > -4 && populated(spread, expectedSchema) > maxBuckets) expectedSchema--
      expect(expectedSchema).toBeLessThan(schema)
      const h = new NativeHistogramBuckets({ schema, maxBuckets })
      for (const v of spread) h.observe(v)
      expect(h.schema).toBe(expectedSchema)
      const reduced = h.snapshot(spread.length, 0)
      const direct = histogramOf(spread, { schema: expectedSchema, maxBuckets: 0 })
      expect(reduced.positiveSpans).toEqual(direct.positiveSpans)
      expect(reduced.positiveBuckets).toEqual(direct.positiveBuckets)
      expect(reduced.negativeSpans).toEqual(direct.negativeSpans)
      expect(reduced.negativeBuckets).toEqual(direct.negativeBuckets)
      const total = [...reduced.positiveBuckets, ...reduced.negativeBuckets].reduce((a, b) => a + b, 0)
      expect(total + reduced.zeroCount).toBe(spread.length)
    },
  )

  it('halves more than once when merging pairs is not enough', () => {
    // Buckets 1 and 3 of schema 0 stay apart at schema -1 (buckets 1 and 2); only schema -2 merges them.
    const h = new NativeHistogramBuckets({ schema: 0, maxBuckets: 1 })
    h.observe(2)
    h.observe(8)
    expect(h.schema).toBe(-2)
    expect(h.snapshot(2, 10).positiveBuckets).toEqual([2])
  })

  it('stops at schema -4 even above the limit', () => {
    const h = new NativeHistogramBuckets({ schema: -4, maxBuckets: 1 })
    h.observe(1)
    h.observe(1e10)
    expect(h.schema).toBe(-4)
    expect(h.populatedBuckets).toBe(2)
  })

  it('reset forgets every count and restores the initial schema', () => {
    const h = new NativeHistogramBuckets({ schema: 3, maxBuckets: 2 })
    for (const v of [1, 2, 4, 8, -1, 0]) h.observe(v)
    expect(h.schema).toBeLessThan(3)
    h.reset()
    expect(h.schema).toBe(3)
    expect(h.snapshot(0, 0)).toEqual(new NativeHistogramBuckets({ schema: 3 }).snapshot(0, 0))
  })
})

describe('NativeHistogramBuckets options', () => {
  it.each([
    [{ schema: 9 }],
    [{ schema: -5 }],
    [{ schema: 1.5 }],
    [{ zeroThreshold: -1 }],
    [{ zeroThreshold: NaN }],
    [{ zeroThreshold: Infinity }],
    [{ maxBuckets: -1 }],
    [{ maxBuckets: 2.5 }],
  ])('rejects %j with ERR_METRIC_CONFIG', (opts) => {
    expect(() => new NativeHistogramBuckets(opts)).toThrow(MetricConfigError)
    expect(() => new NativeHistogramBuckets(opts)).toThrow(
      expect.objectContaining({ code: 'ERR_METRIC_CONFIG' }),
    )
  })
})
