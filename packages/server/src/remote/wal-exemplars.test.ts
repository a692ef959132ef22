import { Labels, ProtoWriter } from '@watchfire/model'
import { ByteWriter, encodeExemplarsRecord, encodeSamplesRecord } from '@watchfire/tsdb'
import { describe, expect, it } from 'vitest'
import { attachExemplars, MAX_PENDING_EXEMPLARS_PER_SERIES } from './wal-exemplars.js'
import { SeriesEntry } from './series-entry.js'
import { WriteRequestBuilder } from './write-request.js'

function exemplarsRecord(ref: number, times: number[]): Buffer {
  const w = new ByteWriter(64)
  encodeExemplarsRecord(
    w,
    times.map((t) => ({ ref, timestampMs: t, value: t / 10, labels: { trace_id: `t${t}` } })),
  )
  return Buffer.from(w.view())
}

describe('attachExemplars', () => {
  const kept = (): SeriesEntry => new SeriesEntry(1, Labels.fromRecord({ __name__: 'a' }), 0)

  it('puts exemplars on their series, oldest first, skipping what was sent before a restart', () => {
    const s = kept()
    s.skipUntilT = 100
    const series = new Map([[1, s]])
    expect(attachExemplars(exemplarsRecord(1, [100, 200, 300]), series)).toBe(2)
    expect(s.exemplars?.map((e) => [e.timestampMs, e.labels.trace_id, e.value])).toEqual([
      [200, 't200', 20],
      [300, 't300', 30],
    ])
  })

  it.each([
    ['an unknown series', new Map<number, SeriesEntry>(), 0],
    ['a series relabelling dropped', new Map([[1, new SeriesEntry(1, undefined, 0)]]), 0],
  ])('skips exemplars of %s', (_name, series, want) => {
    expect(attachExemplars(exemplarsRecord(1, [1]), series)).toBe(want)
  })

  it('keeps the newest exemplars when a series holds too many', () => {
    const s = kept()
    const times = Array.from({ length: MAX_PENDING_EXEMPLARS_PER_SERIES + 5 }, (_, i) => i + 1)
    attachExemplars(exemplarsRecord(1, times), new Map([[1, s]]))
    expect(s.exemplars?.length).toBe(MAX_PENDING_EXEMPLARS_PER_SERIES)
    expect(s.exemplars?.[0]?.timestampMs).toBe(6)
  })

  it('answers -1 for other record types', () => {
    const w = new ByteWriter(64)
    encodeSamplesRecord(w, [1], [1], new Float64Array([1]), 0, 1)
    expect(attachExemplars(Buffer.from(w.view()), new Map())).toBe(-1)
  })
})

describe('WriteRequestBuilder.exemplar', () => {
  it('writes prometheus.Exemplar as TimeSeries field 3: sorted labels, value, timestamp', () => {
    const b = new WriteRequestBuilder()
    b.beginSeries(new Uint8Array(0))
    b.exemplar({ trace_id: 'x', a: 'b' }, 1.5, 1000)
    b.endSeries()
    const label = (n: string, v: string): number[] => [
      0x0a,
      4 + n.length + v.length,
      0x0a,
      n.length,
      ...Buffer.from(n),
      0x12,
      v.length,
      ...Buffer.from(v),
    ]
    const w = new ProtoWriter(16)
    w.double(1.5)
    const body = [...label('a', 'b'), ...label('trace_id', 'x'), 0x11, ...w.finish(), 0x18, 0xe8, 0x07]
    expect([...b.view()]).toEqual([0x0a, body.length + 2, 0x1a, body.length, ...body])
  })
})
