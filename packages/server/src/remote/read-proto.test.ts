import { Labels, Matcher, ProtoWriter, type NativeHistogram } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { decodeWriteRequest } from '../web/remote-write-decode.js'
import { RemoteReadError } from './read-error.js'
import {
  decodeReadRequest,
  encodeReadRequest,
  ReadResponseWriter,
  splitReadResponse,
  type ReadRequest,
} from './read-proto.js'

const histogram: NativeHistogram = {
  schema: 1,
  zeroThreshold: 0.001,
  zeroCount: 2,
  count: 9,
  sum: 12.5,
  positiveSpans: [{ offset: -1, length: 2 }],
  positiveBuckets: [3, 4],
  negativeSpans: [],
  negativeBuckets: [],
  counterResetHint: 'not-reset',
}

describe('ReadRequest', () => {
  it.each<[string, ReadRequest]>([
    [
      'matchers of every type, hints and accepted types',
      {
        queries: [
          {
            startMs: 1_000,
            endMs: 61_000,
            matchers: [
              new Matcher('=', '__name__', 'up'),
              new Matcher('!=', 'job', 'x'),
              new Matcher('=~', 'instance', 'a.*'),
              new Matcher('!~', 'env', ''),
            ],
            hints: { start: 1_000, end: 61_000, step: 15_000, func: 'rate', range: 60_000 },
          },
        ],
        acceptedResponseTypes: [1, 0],
      },
    ],
    [
      'two queries without hints',
      {
        queries: [
          { startMs: 0, endMs: 5, matchers: [new Matcher('=', 'a', 'b')], hints: undefined },
          { startMs: -5_000, endMs: 5, matchers: [], hints: undefined },
        ],
        acceptedResponseTypes: [],
      },
    ],
  ])('round-trips %s', (_name, req) => {
    const w = new ProtoWriter()
    encodeReadRequest(w, req)
    const back = decodeReadRequest(w.finish())
    expect(back.acceptedResponseTypes).toEqual(req.acceptedResponseTypes)
    expect(back.queries.map((q) => ({ ...q, matchers: q.matchers.map(String) }))).toEqual(
      req.queries.map((q) => ({ ...q, matchers: q.matchers.map(String) })),
    )
  })

  it('reads packed accepted response types', () => {
    expect(decodeReadRequest(Uint8Array.of(0x12, 0x02, 0x01, 0x00)).acceptedResponseTypes).toEqual([1, 0])
  })

  it('refuses an unknown matcher type', () => {
    // queries { matchers { type: 7 } }
    expect(() => decodeReadRequest(Uint8Array.of(0x0a, 0x04, 0x1a, 0x02, 0x08, 0x07))).toThrow(
      /unknown label matcher type 7/,
    )
  })
})

describe('ReadResponse', () => {
  it('writes results whose time series decode as remote-write series', () => {
    const w = new ProtoWriter()
    const out = new ReadResponseWriter(w)
    out.beginResult()
    out.series(Labels.fromRecord({ __name__: 'up', job: 'a' }), [1_000, 2_000], [1, Number.NaN], 2, [])
    out.series(Labels.fromRecord({ __name__: 'h' }), [], [], 0, [{ t: 3_000, h: histogram }])
    out.endResult()
    out.beginResult()
    out.endResult()
    const results = splitReadResponse(w.finish())
    expect(results).toHaveLength(2)
    const series = decodeWriteRequest(results[0] as Uint8Array)
    expect(series.map((s) => s.labels.toString())).toEqual(['{__name__="up", job="a"}', '{__name__="h"}'])
    expect(series[0]?.timestamps).toEqual([1_000, 2_000])
    expect(series[0]?.values[0]).toBe(1)
    expect(series[0]?.values[1]).toBeNaN()
    expect(series[1]?.histograms).toEqual([{ t: 3_000, h: histogram }])
    expect(decodeWriteRequest(results[1] as Uint8Array)).toEqual([])
  })

  it('writes float histograms with their float counts', () => {
    const w = new ProtoWriter()
    const out = new ReadResponseWriter(w)
    const float = { ...histogram, count: 9.5, positiveBuckets: [3.5, 4] }
    out.beginResult()
    out.series(Labels.fromRecord({ __name__: 'h' }), [], [], 0, [{ t: 1, h: float }])
    out.endResult()
    const [series] = decodeWriteRequest(splitReadResponse(w.finish())[0] as Uint8Array)
    expect(series?.histograms[0]?.h).toMatchObject({ count: 9.5, positiveBuckets: [3.5, 4], sum: 12.5 })
  })

  it.each([
    ['another field', Uint8Array.of(0x10, 0x01)],
    ['a result running past the end', Uint8Array.of(0x0a, 0x05, 0x00)],
    ['a truncated varint', Uint8Array.of(0x0a, 0x80)],
  ])('refuses a body with %s', (_name, bytes) => {
    expect(() => splitReadResponse(bytes)).toThrow(RemoteReadError)
  })
})
