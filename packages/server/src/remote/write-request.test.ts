import { Labels, ProtoReader, type NativeHistogram } from '@watchfire/model'
import { compress, uncompress } from 'snappyjs'
import { describe, expect, it } from 'vitest'
import { decodeWriteRequest } from '../web/remote-write-decode.js'
import { WriteRequestBuilder, encodeLabels } from './write-request.js'

const hist: NativeHistogram = {
  schema: -1,
  zeroThreshold: 0.001,
  zeroCount: 2,
  count: 9,
  sum: -3.5,
  positiveSpans: [
    { offset: -2, length: 2 },
    { offset: 3, length: 1 },
  ],
  positiveBuckets: [1, 3, 2],
  negativeSpans: [{ offset: 0, length: 1 }],
  negativeBuckets: [1],
  counterResetHint: 'not-reset',
}

describe('WriteRequestBuilder', () => {
  it.each([
    ['simple', [[1_700_000_000_000, 1.5]]],
    ['zero timestamp and value', [[0, 0]]],
    ['negative timestamp', [[-1_000, -2]]],
    [
      'special values',
      [
        [1, Number.POSITIVE_INFINITY],
        [2, Number.NEGATIVE_INFINITY],
        [3, -0],
      ],
    ],
    ['many samples (multi-byte series length)', Array.from({ length: 300 }, (_, i) => [i * 15_000, i])],
  ] as [string, [number, number][]][])('round-trips float samples: %s', (_, samples) => {
    const labels = Labels.fromRecord({ __name__: 'up', job: 'api', instance: 'a:1', ünï: 'cødé' })
    const b = new WriteRequestBuilder()
    b.beginSeries(encodeLabels(labels))
    for (const [t, v] of samples) b.sample(t, v)
    b.beginSeries(encodeLabels(Labels.fromRecord({ __name__: 'x' })))
    b.sample(5, 6)
    b.endSeries()
    const wire = compress(Buffer.from(b.view()))
    const [first, second, ...rest] = decodeWriteRequest(uncompress(wire))
    expect(rest).toEqual([])
    expect(first?.labels.toRecord()).toEqual(labels.toRecord())
    expect(first?.timestamps).toEqual(samples.map((s) => s[0]))
    expect(first?.values.map((v) => (Object.is(v, -0) ? 'neg0' : v))).toEqual(
      samples.map((s) => (Object.is(s[1], -0) ? 'neg0' : s[1])),
    )
    expect(second?.labels.toRecord()).toEqual({ __name__: 'x' })
    expect(second?.values).toEqual([6])
  })

  it('keeps NaN payloads (stale markers) bit for bit', () => {
    const stale = new Float64Array(new Uint32Array([2, 0x7ff00000]).buffer)[0] as number
    const b = new WriteRequestBuilder()
    b.beginSeries(encodeLabels(Labels.fromRecord({ __name__: 'a' })))
    b.sample(10, stale)
    b.endSeries()
    // The decoder keeps values in a plain array, which canonicalises NaNs: look at the bytes instead.
    const hex = Buffer.from(b.view()).toString('hex')
    expect(hex).toContain('09020000000000f07f')
  })

  it('round-trips native histograms, integer and float', () => {
    const float: NativeHistogram = {
      ...hist,
      count: 9.5,
      positiveBuckets: [1.5, 3, 2],
      counterResetHint: 'gauge',
    }
    const b = new WriteRequestBuilder()
    b.beginSeries(encodeLabels(Labels.fromRecord({ __name__: 'h' })))
    b.histogram(1_000, hist)
    b.histogram(2_000, float)
    b.endSeries()
    const [s] = decodeWriteRequest(b.view())
    expect(s?.histograms).toEqual([
      { t: 1_000, h: hist },
      { t: 2_000, h: float },
    ])
  })

  it('writes metadata as field 3 and reuses its buffer after reset', () => {
    const b = new WriteRequestBuilder()
    b.beginSeries(encodeLabels(Labels.fromRecord({ __name__: 'junk' })))
    b.sample(1, 1)
    b.reset()
    b.metadata({ family: 'http_requests', type: 'counter', help: 'Requests.', unit: 'requests' })
    const r = new ProtoReader(b.view(), 'test')
    expect(r.tag()).toBe(0x1a)
    const outer = r.enter()
    const fields: [number, unknown][] = []
    while (r.more()) {
      const tag = r.tag()
      fields.push([tag, tag === 0x08 ? r.uint32() : r.string()])
    }
    r.leave(outer)
    expect(fields).toEqual([
      [0x08, 1],
      [0x12, 'http_requests'],
      [0x22, 'Requests.'],
      [0x2a, 'requests'],
    ])
    expect(r.more()).toBe(false)
    expect(decodeWriteRequest(b.view())).toEqual([])
  })

  it('encodes labels sorted by name', () => {
    const bytes = encodeLabels(
      Labels.fromPairs([
        ['z', '1'],
        ['a', '2'],
        ['__name__', 'm'],
      ]),
    )
    const b = new WriteRequestBuilder()
    b.beginSeries(bytes)
    b.endSeries()
    expect(decodeWriteRequest(b.view())[0]?.labels.names()).toEqual(['__name__', 'a', 'z'])
  })
})
