import type { NativeHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { floatFromBits, floatHi, lastFloatLo } from './float-bits.js'
import { CounterResetHeader, HistogramChunkEncoder } from './histogram-chunk.js'
import { HistogramIterator } from './histogram-iterator.js'
import { expandCounts, spansFromIndices, unionSpans } from './histogram-layout.js'
import { ValueType } from './value-type.js'

function hist(over: Partial<NativeHistogram>): NativeHistogram {
  return {
    schema: 3,
    zeroThreshold: 2 ** -128,
    zeroCount: 2,
    count: 12,
    sum: 18.4,
    positiveSpans: [
      { offset: 0, length: 2 },
      { offset: 1, length: 2 },
    ],
    positiveBuckets: [1, 2, 3, 4],
    negativeSpans: [{ offset: -2, length: 1 }],
    negativeBuckets: [0],
    ...over,
  }
}

function roundTrip(
  samples: Array<[number, NativeHistogram]>,
  header: CounterResetHeader = CounterResetHeader.Unknown,
) {
  const first = samples[0]![1]
  const enc = new HistogramChunkEncoder(first, header)
  for (const [t, h] of samples) enc.append(t, h, false)
  const it = new HistogramIterator().reset(enc.bytes())
  const out: Array<[number, NativeHistogram]> = []
  while (it.next() === ValueType.Histogram) out.push([it.atT(), structuredClone(it.atHistogram())])
  expect(it.err()).toBeUndefined()
  return out
}

describe('histogram chunk', () => {
  it.each<[string, number]>([
    ['zero threshold 0', 0],
    ['default threshold 2^-128 (one byte)', 2 ** -128],
    ['threshold 2^10 (largest one-byte)', 1024],
    ['threshold 0.3 (nine bytes)', 0.3],
  ])('round-trips a series of histograms with %s', (_name, zeroThreshold) => {
    const samples: Array<[number, NativeHistogram]> = []
    for (let i = 0; i < 120; i++) {
      samples.push([
        1_700_000_000_000 + i * 15_000 + (i % 3),
        hist({
          zeroThreshold,
          count: 12 + i * 7,
          zeroCount: 2 + i,
          sum: 18.4 + i * 3.25,
          positiveBuckets: [1 + i, 2 + 2 * i, 3 + (i >> 1), 4 + i * 3],
          negativeBuckets: [i % 5 === 0 ? i : 0],
        }),
      ])
    }
    const got = roundTrip(samples)
    expect(got.map(([t, h]) => [t, { ...h, counterResetHint: undefined }])).toEqual(
      samples.map(([t, h]) => [t, { ...h, counterResetHint: undefined }]),
    )
    expect(got.slice(0, 2).map(([, h]) => h.counterResetHint)).toEqual(['unknown', 'not-reset'])
  })

  it.each([
    [CounterResetHeader.Reset, 'reset'],
    [CounterResetHeader.Gauge, 'gauge'],
  ] as const)('reports the chunk header %d as hint %s on the first sample', (header, hint) => {
    expect(roundTrip([[1, hist({})]], header)[0]![1].counterResetHint).toBe(hint)
  })

  it('ends the chunk at a stale marker and returns it with its exact NaN payload', () => {
    const enc = new HistogramChunkEncoder(hist({}))
    enc.append(1, hist({}), false)
    const stale = hist({})
    stale.sum = floatFromBits(0x7ff00000, 2)
    enc.append(2, stale, true)
    expect(enc.acceptsMore).toBe(false)
    const it = new HistogramIterator().reset(enc.bytes())
    it.next()
    expect(it.next()).toBe(ValueType.Histogram)
    const hi = floatHi(it.atHistogram().sum)
    expect([hi, lastFloatLo()]).toEqual([0x7ff00000, 2])
    expect(it.next()).toBe(ValueType.None)
  })

  it('refuses histograms that do not match the layout or have fractional counts', () => {
    const enc = new HistogramChunkEncoder(hist({}))
    expect(() => enc.append(1, hist({ positiveBuckets: [1] }), false)).toThrow(/layout/)
    expect(() => enc.append(1, hist({ count: 1.5 }), false)).toThrow(/integer/)
  })
})

describe('histogram layouts', () => {
  it('unions spans and expands counts into the union', () => {
    const a = [{ offset: 0, length: 2 }]
    const b = [
      { offset: 1, length: 1 },
      { offset: 2, length: 1 },
    ]
    const u = unionSpans([a, b])
    expect(u).toEqual([
      { offset: 0, length: 2 },
      { offset: 2, length: 1 },
    ])
    expect(expandCounts(b, [5, 7], u)).toEqual([0, 5, 7])
    expect(expandCounts(u, [1, 2, 3], a)).toBeUndefined()
    expect(spansFromIndices([-3, -2, 5])).toEqual([
      { offset: -3, length: 2 },
      { offset: 6, length: 1 },
    ])
  })
})
