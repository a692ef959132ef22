import { Labels, type NativeHistogram } from '@watchfire/model'
import { STALE_NAN } from '@watchfire/storage'
import { describe, expect, it } from 'vitest'
import { XorChunkEncoder } from '../chunkenc/xor-chunk.js'
import { MemoryChunkStore } from '../chunks/head-chunk-store.js'
import { HeadSeries } from './head-series.js'

const HOUR = 3_600_000
const RANGE = 2 * HOUR

/**
 * The XOR chunk bytes an encoder fed one or two samples makes. Plain parameters, not an array of
 * pairs: V8 canonicalises a NaN stored in a double array, which would lose the stale marker's bits.
 */
function xorBytes(t1: number, v1: number, t2?: number, v2?: number): number[] {
  const x = new XorChunkEncoder()
  x.append(t1, v1)
  if (t2 !== undefined && v2 !== undefined) x.append(t2, v2)
  return [...x.bytes()]
}

/** Bytes of every chunk of the series: full ones from the store, then the open one. */
function chunkBytes(s: HeadSeries, store: MemoryChunkStore): number[][] {
  return s.chunksIn(-Infinity, Infinity, store).map((c) => [...c.bytes.subarray(c.start, c.end)])
}

const hist: NativeHistogram = {
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: 1,
  count: 1,
  sum: 0,
  positiveSpans: [],
  positiveBuckets: [],
  negativeSpans: [],
  negativeBuckets: [],
  counterResetHint: 'not-reset',
}

// A series holding one float keeps it without an encoder until a second arrives: every path that
// reads or extends the open chunk must see the same chunks as if the encoder had been there.
describe('HeadSeries with a single float in its open chunk', () => {
  it.each<[string, number]>([
    ['a plain value', 1.5],
    ['the stale marker (NaN payload bits kept)', STALE_NAN],
    ['negative zero', -0],
  ])('serves it as a one-sample XOR chunk, and continues it byte-identically: %s', (_name, v) => {
    const store = new MemoryChunkStore()
    const s = new HeadSeries(1, Labels.fromRecord({ __name__: 'x' }))
    s.appendFloat(1000, v, RANGE, store)
    expect(chunkBytes(s, store)).toEqual([xorBytes(1000, v)])
    expect([s.minTime, s.lastT, s.samples, s.numChunks]).toEqual([1000, 1000, 1, 0])
    s.appendFloat(2000, 3, RANGE, store)
    expect(chunkBytes(s, store)).toEqual([xorBytes(1000, v, 2000, 3)])
  })

  it('cuts it into a full chunk when the next float crosses the block range', () => {
    const store = new MemoryChunkStore()
    const s = new HeadSeries(1, Labels.fromRecord({ __name__: 'x' }))
    s.appendFloat(RANGE - 1, 7, RANGE, store)
    s.appendFloat(RANGE, 8, RANGE, store)
    expect(s.numChunks).toBe(1)
    expect(chunkBytes(s, store)).toEqual([xorBytes(RANGE - 1, 7), xorBytes(RANGE, 8)])
  })

  it('cuts it into a full chunk when a histogram follows', () => {
    const store = new MemoryChunkStore()
    const s = new HeadSeries(1, Labels.fromRecord({ __name__: 'x' }))
    s.appendFloat(1000, 7, RANGE, store)
    s.appendHistogram(2000, hist, RANGE, store)
    expect(s.fullChunks()).toMatchObject([{ minT: 1000, maxT: 1000, samples: 1 }])
    expect(chunkBytes(s, store)[0]).toEqual(xorBytes(1000, 7))
  })

  it('takes an out-of-order float before it into the same chunk, and knows its own value', () => {
    const store = new MemoryChunkStore()
    const s = new HeadSeries(1, Labels.fromRecord({ __name__: 'x' }))
    s.appendFloat(2000, 7, RANGE, store)
    expect(s.oooFloatVerdict(2000, 7, RANGE, store)).toBe('same')
    expect(s.oooFloatVerdict(2000, 8, RANGE, store)).toBe('duplicate')
    expect(s.oooFloatVerdict(1000, 6, RANGE, store)).toBeUndefined()
    s.insertFloat(1000, 6, RANGE, store)
    expect(chunkBytes(s, store)).toEqual([xorBytes(1000, 6, 2000, 7)])
    expect([s.minTime, s.samples]).toEqual([1000, 2])
  })

  it('is dropped whole by truncation past it', () => {
    const store = new MemoryChunkStore()
    const s = new HeadSeries(1, Labels.fromRecord({ __name__: 'x' }))
    s.appendFloat(1000, 7, RANGE, store)
    s.truncateBefore(1001, store)
    expect([s.samples, s.minTime]).toEqual([0, Infinity])
    expect(chunkBytes(s, store)).toEqual([])
  })
})
