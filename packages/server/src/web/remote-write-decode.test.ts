import { ProtoWriter, WireType } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { decodeWriteRequest } from './remote-write-decode.js'

function label(w: ProtoWriter, name: string, value: string): void {
  w.tag(1, WireType.lengthDelimited)
  const at = w.fork()
  w.stringField(0x0a, name)
  w.stringField(0x12, value)
  w.join(at)
}

function request(build: (w: ProtoWriter) => void): Uint8Array {
  const w = new ProtoWriter()
  w.tag(1, WireType.lengthDelimited)
  const at = w.fork()
  build(w)
  w.join(at)
  return w.finish()
}

describe('decodeWriteRequest', () => {
  it('reads labels (sorted) and float samples', () => {
    const bytes = request((w) => {
      label(w, 'job', 'x')
      label(w, '__name__', 'up')
      for (const [t, v] of [
        [1000, 1],
        [2000, 0.5],
      ] as const) {
        w.tag(2, WireType.lengthDelimited)
        const s = w.fork()
        w.doubleField(0x09, v)
        w.tag(2, WireType.varint)
        w.int64(t)
        w.join(s)
      }
    })
    const [series] = decodeWriteRequest(bytes)
    expect(series?.labels.toString()).toBe('{__name__="up", job="x"}')
    expect(series?.timestamps).toEqual([1000, 2000])
    expect(series?.values).toEqual([1, 0.5])
  })

  it('reads integer histograms, turning bucket deltas into counts', () => {
    const bytes = request((w) => {
      label(w, '__name__', 'h')
      w.tag(4, WireType.lengthDelimited)
      const h = w.fork()
      w.tag(1, WireType.varint)
      w.uint64(6)
      w.doubleField(0x19, 2.5)
      w.tag(4, WireType.varint)
      w.sint32(1)
      w.tag(11, WireType.lengthDelimited)
      const span = w.fork()
      w.tag(1, WireType.varint)
      w.sint32(-1)
      w.tag(2, WireType.varint)
      w.uint32(3)
      w.join(span)
      w.tag(12, WireType.lengthDelimited)
      const deltas = w.fork()
      for (const d of [1, 2, -1]) w.sint64(d)
      w.join(deltas)
      w.tag(14, WireType.varint)
      w.uint32(3)
      w.tag(15, WireType.varint)
      w.int64(5000)
      w.join(h)
    })
    const [series] = decodeWriteRequest(bytes)
    expect(series?.histograms).toEqual([
      {
        t: 5000,
        h: expect.objectContaining({
          count: 6,
          sum: 2.5,
          schema: 1,
          positiveSpans: [{ offset: -1, length: 3 }],
          positiveBuckets: [1, 3, 2],
          counterResetHint: 'gauge',
        }),
      },
    ])
  })

  it.each([
    ['a truncated series', new Uint8Array([0x0a, 0x05, 0x0a])],
    ['field number 0', new Uint8Array([0x00])],
  ])('refuses %s with a ParseError naming the offset', (_name, bytes) => {
    expect(() => decodeWriteRequest(bytes)).toThrow(
      /cannot decode protobuf WriteRequest: .* at byte offset \d+/,
    )
  })
})
