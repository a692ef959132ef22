import { Labels, type NativeHistogram } from '@watchfire/model'
import { HistogramIterator, XorIterator } from '@watchfire/tsdb'
import { describe, expect, it } from 'vitest'
import type { WriteSeries } from '../web/remote-write-decode.js'
import { ChunkEncoding, encodeChunks } from './read-chunked.js'
import { ReadSeriesIterator } from './read-series.js'

const h = (count: number): NativeHistogram => ({
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 0,
  count,
  sum: count,
  positiveSpans: [{ offset: 0, length: 1 }],
  positiveBuckets: [count],
  negativeSpans: [],
  negativeBuckets: [],
})

function iterator(
  floats: [number, number][],
  hists: { t: number; h: NativeHistogram }[],
): ReadSeriesIterator {
  const s: WriteSeries = {
    labels: Labels.EMPTY,
    timestamps: floats.map(([t]) => t),
    values: floats.map(([, v]) => v),
    histograms: hists,
  }
  return new ReadSeriesIterator(s, -Infinity, Infinity)
}

describe('encodeChunks', () => {
  it('cuts float chunks at 120 samples', () => {
    const floats: [number, number][] = []
    for (let i = 0; i < 250; i++) floats.push([i * 10, i])
    const { chunks } = encodeChunks(iterator(floats, []))
    expect(chunks.map((c) => [c.type, c.minTimeMs, c.maxTimeMs])).toEqual([
      [ChunkEncoding.Xor, 0, 1190],
      [ChunkEncoding.Xor, 1200, 2390],
      [ChunkEncoding.Xor, 2400, 2490],
    ])
    const it = new XorIterator().reset(chunks[2]?.data ?? new Uint8Array())
    const got: number[] = []
    while (it.next() !== 0) got.push(it.atF())
    expect(got).toEqual([240, 241, 242, 243, 244, 245, 246, 247, 248, 249])
  })

  it('gives each integer histogram its own chunk between float runs, and skips float histograms', () => {
    const { chunks, skipped } = encodeChunks(
      iterator(
        [
          [10, 1],
          [40, 4],
        ],
        [
          { t: 20, h: h(2) },
          { t: 30, h: { ...h(3), count: 3.5 } },
        ],
      ),
    )
    expect(skipped).toBe(1)
    expect(chunks.map((c) => [c.type, c.minTimeMs, c.maxTimeMs])).toEqual([
      [ChunkEncoding.Xor, 10, 10],
      [ChunkEncoding.Histogram, 20, 20],
      [ChunkEncoding.Xor, 40, 40],
    ])
    const it = new HistogramIterator().reset(chunks[1]?.data ?? new Uint8Array())
    expect(it.next()).toBe(2)
    expect(it.atHistogram()).toMatchObject({ count: 2, sum: 2, positiveBuckets: [2] })
  })
})
