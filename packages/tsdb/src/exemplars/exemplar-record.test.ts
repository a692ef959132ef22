import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../encoding/byte-writer.js'
import { decodeExemplarsRecord, encodeExemplarsRecord, type RefExemplar } from './exemplar-record.js'

describe('Exemplars WAL record', () => {
  it.each<[string, RefExemplar[]]>([
    ['none', []],
    ['one', [{ ref: 7, timestampMs: 1_700_000_000_123, value: 0.25, labels: { trace_id: 'abc' } }]],
    [
      'several, refs and times below the first, no labels',
      [
        { ref: 9, timestampMs: 5000, value: -1.5, labels: { span_id: '1', trace_id: 'x' } },
        { ref: 2, timestampMs: 4000, value: Infinity, labels: {} },
        { ref: 300, timestampMs: -10, value: 3, labels: { a: 'ü' } },
      ],
    ],
  ])('round-trips %s', (_name, exemplars) => {
    const w = new ByteWriter(16)
    encodeExemplarsRecord(w, exemplars)
    expect(decodeExemplarsRecord(Buffer.from(w.view()))).toEqual(exemplars)
  })

  it('writes the layout of Prometheus tsdb/record (type 4, BE64 base ref and time)', () => {
    const w = new ByteWriter(16)
    encodeExemplarsRecord(w, [{ ref: 1, timestampMs: 2, value: 1, labels: { b: 'y', a: 'x' } }])
    expect([...w.view()]).toEqual([
      4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 2, 1, 0x61, 1,
      0x78, 1, 0x62, 1, 0x79,
    ])
  })

  it.each([
    ['another record type', [2]],
    ['a truncated exemplar', [4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x3f]],
  ])('refuses %s with a RangeError', (_name, bytes) => {
    expect(() => decodeExemplarsRecord(Buffer.from(bytes))).toThrow(RangeError)
  })
})
