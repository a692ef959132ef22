import { describe, expect, it } from 'vitest'
import { ValueType } from '../chunkenc/value-type.js'
import { XorChunkEncoder } from '../chunkenc/xor-chunk.js'
import { ChunkEncoding } from '../chunkenc/value-type.js'
import type { ChunkBytes } from '../chunks/chunk-reader.js'
import { BlockSeriesIterator } from './series-iterator.js'
import type { Interval } from './tombstones.js'

/** Three XOR chunks of 10 samples each: t = 10, 20, …, 300 and v = t / 10. */
function chunks(): ChunkBytes[] {
  const out: ChunkBytes[] = []
  for (let c = 0; c < 3; c++) {
    const enc = new XorChunkEncoder()
    for (let i = 1; i <= 10; i++) enc.append((c * 10 + i) * 10, c * 10 + i)
    const bytes = Buffer.from(enc.bytes())
    out.push({ encoding: ChunkEncoding.XOR, bytes, start: 0, end: bytes.length })
  }
  return out
}

/** Every sample by next()/atT()/atF(). */
function stepped(it: BlockSeriesIterator, maxT: number): number[][] {
  const out: number[][] = []
  while (it.next() === ValueType.Float && it.atT() <= maxT) out.push([it.atT(), it.atF()])
  return out
}

/** Every sample through copyFloats with `room` slots per call, as the engine reads them. */
function copied(it: BlockSeriesIterator, maxT: number, room: number): number[][] {
  const out: number[][] = []
  const ts = new Float64Array(room)
  const vs = new Float64Array(room)
  let vt = it.next()
  while (vt === ValueType.Float && it.atT() <= maxT) {
    const n = it.copyFloats(maxT, ts, vs, 0)
    expect(n).toBeGreaterThan(0)
    for (let i = 0; i < n; i++) out.push([ts[i] as number, vs[i] as number])
    vt = it.next()
  }
  return out
}

describe('BlockSeriesIterator.copyFloats', () => {
  it.each<[string, number, number, number, number, Interval[]]>([
    ['whole range, roomy', 0, 1000, 1000, 64, []],
    ['whole range, one slot at a time', 0, 1000, 1000, 1, []],
    ['cut by the query range', 55, 215, 1000, 7, []],
    ['cut by the caller maxT', 0, 1000, 145, 64, []],
    ['with tombstones', 0, 1000, 1000, 64, [{ minT: 40, maxT: 120 }]],
  ])('reads the same samples as next() (%s)', (_name, minT, maxT, callerMaxT, room, deleted) => {
    const want = stepped(new BlockSeriesIterator(chunks(), minT, maxT, deleted), callerMaxT)
    expect(want.length).toBeGreaterThan(0)
    expect(copied(new BlockSeriesIterator(chunks(), minT, maxT, deleted), callerMaxT, room)).toEqual(want)
  })

  it('stops at the caller maxT and leaves next() after the last sample copied', () => {
    const it = new BlockSeriesIterator(chunks(), 0, 1000)
    expect(it.seek(35)).toBe(ValueType.Float)
    const ts = new Float64Array(100)
    const vs = new Float64Array(100)
    expect(it.copyFloats(75, ts, vs, 3)).toBe(4)
    expect(Array.from(ts.subarray(3, 7))).toEqual([40, 50, 60, 70])
    expect(it.next()).toBe(ValueType.Float)
    expect(it.atT()).toBe(80)
  })
})
