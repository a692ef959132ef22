import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { ParseError } from '../errors.js'
import type { MetricFamily } from '../metric-family.js'
import { decodeProtobuf } from './protobuf-decode.js'
import { encodeProtobuf } from './protobuf-encode.js'

// Hand-built wire bytes, so the decoder is tested on shapes our encoder never produces.
type W = protobuf.Writer
const VARINT = 0
const I64 = 1
const LEN = 2
const I32 = 5

function tag(w: W, field: number, wireType: number): W {
  return w.uint32((field << 3) | wireType)
}
function str(w: W, field: number, s: string): W {
  return tag(w, field, LEN).string(s)
}
function msg(w: W, field: number, body: (w: W) => W): W {
  return body(tag(w, field, LEN).fork()).ldelim()
}
function stream(...families: ((w: W) => W)[]): Uint8Array {
  const w = protobuf.Writer.create()
  for (const family of families) family(w.fork()).ldelim()
  return w.finish()
}
function label(name: string, value: string): (w: W) => W {
  return (w) => msg(w, 1, (l) => str(str(l, 1, name), 2, value))
}

function parseFailure(bytes: Uint8Array): ParseError {
  try {
    decodeProtobuf(bytes)
  } catch (err) {
    if (err instanceof ParseError) return err
    throw err
  }
  throw new Error('expected a ParseError')
}

const sample: MetricFamily[] = [
  {
    name: 'a_total',
    help: 'A.',
    type: 'counter',
    unit: '',
    metrics: [{ labels: { x: 'y' }, value: 3, exemplar: { labels: { t: '1' }, value: 1, timestampMs: 5 } }],
  },
  {
    name: 'h',
    help: '',
    type: 'histogram',
    unit: '',
    metrics: [
      {
        labels: {},
        histogram: {
          count: 3,
          sum: 1,
          buckets: [{ upperBound: 1, cumulativeCount: 3 }],
          native: {
            schema: 1,
            zeroThreshold: 0.5,
            zeroCount: 1,
            count: 3,
            sum: 1,
            negativeSpans: [{ offset: 1, length: 1 }],
            negativeBuckets: [1],
            positiveSpans: [{ offset: 0, length: 1 }],
            positiveBuckets: [1],
          },
        },
      },
    ],
  },
]

describe('decodeProtobuf', () => {
  it('rejects every truncation of a valid stream except at family boundaries', () => {
    const bytes = encodeProtobuf(sample)
    const boundaries = new Set([0, encodeProtobuf(sample.slice(0, 1)).length, bytes.length])
    for (let cut = 1; cut < bytes.length; cut++) {
      if (boundaries.has(cut)) continue
      const err = parseFailure(bytes.subarray(0, cut))
      expect(err.line).toBe(1)
      expect(err.message).toContain(`byte offset ${err.column - 1}`)
      expect(err.column - 1).toBeLessThan(cut)
    }
  })

  it('names the byte offset of a string whose length runs past its family', () => {
    const err = parseFailure(Uint8Array.from([0x03, 0x0a, 0x05, 0x61]))
    expect(err.message).toBe(
      'cannot decode protobuf MetricFamily: length 5 runs past the end of its message at byte offset 2 (line 1, column 3)',
    )
  })

  it('skips unknown fields of every wire type at every level', () => {
    const bytes = stream((w) => {
      tag(w, 99, VARINT).uint64(12345678901)
      str(w, 1, 'g')
      tag(w, 3, VARINT).uint32(1)
      tag(w, 100, I32).fixed32(7)
      tag(w, 101, 3)
      tag(w, 1, VARINT).uint32(1)
      tag(w, 101, 4)
      return msg(w, 4, (m) => {
        label('k', 'v')(m)
        str(m, 50, 'unknown')
        return msg(m, 2, (g) => tag(tag(g, 9, I64).double(1), 1, I64).double(2.5))
      })
    })
    expect(decodeProtobuf(bytes)).toEqual([
      { name: 'g', help: '', type: 'gauge', unit: '', metrics: [{ labels: { k: 'v' }, value: 2.5 }] },
    ])
  })

  it('skips a known field that arrives with another wire type', () => {
    const bytes = stream((w) => tag(str(w, 1, 'g'), 2, VARINT).uint32(5))
    expect(decodeProtobuf(bytes)).toEqual([{ name: 'g', help: '', type: 'counter', unit: '', metrics: [] }])
  })

  it('reads the type even when it follows the metrics', () => {
    const bytes = stream((w) => {
      msg(w, 4, (m) => msg(m, 2, (g) => tag(g, 1, I64).double(4)))
      str(w, 1, 'late')
      return tag(w, 3, VARINT).uint32(1)
    })
    expect(decodeProtobuf(bytes)[0]?.metrics).toEqual([{ labels: {}, value: 4 }])
  })

  it('takes the value message the final type names, whatever came before the type field', () => {
    const bytes = stream((w) => {
      str(w, 1, 's')
      msg(w, 4, (m) =>
        msg(
          msg(m, 3, (c) => tag(c, 1, I64).double(1)),
          4,
          (x) => tag(x, 1, VARINT).uint32(9),
        ),
      )
      tag(w, 3, VARINT).uint32(1)
      msg(w, 4, (m) =>
        msg(
          msg(m, 2, (g) => tag(g, 1, I64).double(2)),
          3,
          (c) => tag(c, 1, I64).double(3),
        ),
      )
      return tag(w, 3, VARINT).uint32(2)
    })
    expect(decodeProtobuf(bytes)[0]?.metrics).toEqual([
      { labels: {}, summary: { count: 9, sum: 0, quantiles: [] } },
      { labels: {}, summary: { count: 0, sum: 0, quantiles: [] } },
    ])
  })

  it('ignores a value message of another type than the family', () => {
    const bytes = stream((w) =>
      msg(str(w, 1, 'c_total'), 4, (m) =>
        msg(
          msg(m, 2, (g) => tag(g, 1, I64).double(5)),
          3,
          (c) => tag(c, 1, I64).double(6),
        ),
      ),
    )
    expect(decodeProtobuf(bytes)[0]?.metrics).toEqual([{ labels: {}, value: 6 }])
  })

  it.each<[string, number, (w: W) => W, Record<string, unknown>]>([
    ['a counter without Counter message', 0, (m) => m, { value: 0 }],
    ['an untyped without Untyped message', 3, (m) => m, { value: 0 }],
    ['a summary without Summary message', 2, (m) => m, { summary: { count: 0, sum: 0, quantiles: [] } }],
    ['a histogram without Histogram message', 4, (m) => m, { histogram: { count: 0, sum: 0, buckets: [] } }],
    ['a timestamp_ms of 0', 1, (m) => tag(m, 6, VARINT).uint32(0), { value: 0 }],
  ])('reads %s as Prometheus does', (_name, type, body, expected) => {
    const bytes = stream((w) => msg(tag(str(w, 1, 'm'), 3, VARINT).uint32(type), 4, body))
    expect(decodeProtobuf(bytes)[0]?.metrics).toEqual([{ labels: {}, ...expected }])
  })

  it('accepts unpacked native deltas and counts and sums deltas into absolute counts', () => {
    const histogram = (h: W): W => {
      tag(h, 1, VARINT).uint32(6)
      tag(h, 6, I64).double(0.1)
      msg(h, 9, (s) => tag(tag(s, 1, VARINT).sint32(-3), 2, VARINT).uint32(2))
      tag(h, 10, VARINT).sint64(5)
      tag(h, 10, VARINT).sint64(-4)
      msg(h, 12, (s) => tag(s, 2, VARINT).uint32(1))
      return tag(h, 13, VARINT).sint64(0)
    }
    const bytes = stream((w) => msg(tag(str(w, 1, 'h'), 3, VARINT).uint32(4), 4, (m) => msg(m, 7, histogram)))
    expect(decodeProtobuf(bytes)[0]?.metrics[0]?.histogram?.native).toEqual({
      schema: 0,
      zeroThreshold: 0.1,
      zeroCount: 0,
      count: 6,
      sum: 0,
      negativeSpans: [{ offset: -3, length: 2 }],
      negativeBuckets: [5, 1],
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveBuckets: [0],
    })
  })

  it('reads a float histogram flagged only by zero_count_float, and truncates sub-millisecond timestamps', () => {
    const histogram = (h: W): W => {
      tag(h, 8, I64).double(1.5)
      msg(h, 12, (s) => tag(s, 2, VARINT).uint32(1))
      tag(h, 14, I64).double(0.25)
      return msg(h, 15, (t) => tag(tag(t, 1, VARINT).int64(2), 2, VARINT).int32(1_999_999))
    }
    const bytes = stream((w) => msg(tag(str(w, 1, 'h'), 3, VARINT).uint32(5), 4, (m) => msg(m, 7, histogram)))
    const value = decodeProtobuf(bytes)[0]?.metrics[0]?.histogram
    expect(value?.createdMs).toBe(2001)
    expect(value?.native?.zeroCount).toBe(1.5)
    expect(value?.native?.positiveBuckets).toEqual([0.25])
  })

  it('keeps a label named __proto__ as an ordinary label', () => {
    const bytes = stream((w) => msg(str(w, 1, 'g'), 4, (m) => label('__proto__', 'x')(m)))
    const labels = decodeProtobuf(bytes)[0]?.metrics[0]?.labels
    expect(Object.keys(labels ?? {})).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype)
  })

  it.each<[string, Uint8Array, string]>([
    [
      'an unknown metric type',
      stream((w) => tag(str(w, 1, 'm'), 3, VARINT).uint32(9)),
      'unknown metric type 9',
    ],
    ['a family without a name', stream((w) => str(w, 2, 'help only')), 'metric family without a name'],
    [
      'a duplicate label name',
      stream((w) => msg(str(w, 1, 'm'), 4, (m) => label('a', '2')(label('a', '1')(m)))),
      'duplicate label name "a"',
    ],
    [
      'invalid UTF-8 in a label value',
      stream((w) =>
        msg(str(w, 1, 'm'), 4, (m) =>
          msg(m, 1, (l) => tag(str(l, 1, 'a'), 2, LEN).bytes(Uint8Array.from([0xff]))),
        ),
      ),
      'invalid UTF-8 in string',
    ],
    [
      'deltas that do not fill the spans',
      stream((w) =>
        msg(tag(str(w, 1, 'h'), 3, VARINT).uint32(4), 4, (m) =>
          msg(m, 7, (h) =>
            tag(
              msg(h, 12, (s) => tag(s, 2, VARINT).uint32(2)),
              13,
              VARINT,
            ).sint64(1),
          ),
        ),
      ),
      'histogram positive spans cover 2 buckets but 1 deltas are given',
    ],
    ['a stray end-group tag', stream((w) => tag(str(w, 1, 'm'), 7, 4)), 'unexpected end-group tag'],
  ])('rejects %s', (_name, bytes, message) => {
    const err = parseFailure(bytes)
    expect(err.code).toBe('ERR_PARSE')
    expect(err.message).toContain(message)
    expect(err.message).toMatch(/at byte offset (\d+) \(line 1, column (\d+)\)$/)
    const [, offset, column] = /byte offset (\d+) \(line 1, column (\d+)\)$/.exec(err.message) ?? []
    expect(Number(column)).toBe(Number(offset) + 1)
  })
})
