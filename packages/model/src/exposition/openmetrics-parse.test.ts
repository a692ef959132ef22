import { describe, expect, it } from 'vitest'
import { ParseError } from '../errors.js'
import type { MetricFamily } from '../metric-family.js'
import { formatOpenMetrics } from './openmetrics-format.js'
import { parseOpenMetrics } from './openmetrics-parse.js'

function errorOf(input: string | Uint8Array): ParseError {
  try {
    parseOpenMetrics(input)
  } catch (e) {
    if (e instanceof ParseError) return e
    throw e
  }
  throw new Error('expected a ParseError')
}

describe('parseOpenMetrics', () => {
  it('reads counters with _created and exemplars, timestamps in seconds', () => {
    const fams = parseOpenMetrics(
      '# TYPE rpc_seconds counter\n# UNIT rpc_seconds seconds\n# HELP rpc_seconds Help \\"me\\".\n' +
        'rpc_seconds_total{a="b"} 4 1.5 # {trace_id="x"} 0.5 2.25\nrpc_seconds_created{a="b"} 1.001 1.5\n# EOF\n',
    )
    expect(fams).toEqual([
      {
        name: 'rpc_seconds_total',
        help: 'Help "me".',
        type: 'counter',
        unit: 'seconds',
        metrics: [
          {
            labels: { a: 'b' },
            value: 4,
            timestampMs: 1500,
            createdMs: 1001,
            exemplar: { labels: { trace_id: 'x' }, value: 0.5, timestampMs: 2250 },
          },
        ],
      },
    ])
  })

  it('reads info, stateset and gauge histogram families', () => {
    const fams = parseOpenMetrics(
      '# TYPE b info\nb_info{v="1"} 1\n# TYPE s stateset\ns{s="on"} 1\ns{s="off"} 0\n' +
        '# TYPE g gaugehistogram\ng_bucket{le="-1"} 1\ng_bucket{le="+Inf"} 2\ng_gcount 2\ng_gsum -3\n# EOF',
    )
    expect(fams.map((f) => [f.name, f.type, f.metrics.length])).toEqual([
      ['b_info', 'info', 1],
      ['s', 'stateset', 2],
      ['g', 'gaugehistogram', 1],
    ])
    expect(fams[2]?.metrics[0]?.histogram).toEqual({
      count: 2,
      sum: -3,
      buckets: [
        { upperBound: -1, cumulativeCount: 1 },
        { upperBound: Infinity, cumulativeCount: 2 },
      ],
    })
  })

  it('decodes bytes as UTF-8 and rejects malformed UTF-8 where it occurs', () => {
    const ok = new TextEncoder().encode('a{l="☃"} 1\n# EOF\n')
    expect(parseOpenMetrics(ok)[0]?.metrics[0]?.labels).toEqual({ l: '☃' })
    const bad = new Uint8Array([
      ...new TextEncoder().encode('a 1\nb{l="'),
      0xff,
      ...new TextEncoder().encode('"} 1\n# EOF\n'),
    ])
    const e = errorOf(bad)
    expect([e.line, e.column]).toEqual([2, 6])
  })

  it.each([
    ['a 1\n', 2, 1, 'expected "# EOF"'],
    ['a 1\n\n# EOF\n', 2, 1, 'blank line'],
    ['a 1\n# EOF\n\n', 3, 1, 'end of input after "# EOF"'],
    ['# comment\n# EOF\n', 1, 3, 'expected HELP, TYPE, UNIT or EOF'],
    ['# TYPE a counter\na_total -1\n# EOF\n', 2, 9, 'must not be negative'],
    ['# TYPE a gauge\na 1 # {x="y"} 1\n# EOF\n', 2, 3, 'exemplars are allowed only'],
    [
      '# TYPE a histogram\na_bucket{le="1"} 2\na_bucket{le="+Inf"} 1\n# EOF\n',
      3,
      1,
      "below the previous bucket's",
    ],
    ['# TYPE a histogram\na_bucket{le="+Inf"} 1\na_count 2\na_sum 1\n# EOF\n', 4, 1, 'differs from the +Inf'],
    ['# TYPE a histogram\na_bucket{le="+inf"} 1\n# EOF\n', 2, 21, 'spell infinities'],
    ['# TYPE a gauge\na{x="1"} 1\na{x="2"} 1\na{x="1"} 1\n# EOF\n', 4, 1, 'must be contiguous'],
    ['# TYPE a gauge\na 1 2\na 1 1\n# EOF\n', 3, 1, 'went backwards'],
    ['a 1\nb 1\na 1\n# EOF\n', 3, 1, 'appears twice'],
    ['# UNIT a_bytes seconds\n# EOF\n', 1, 16, 'must be a suffix'],
    ['a{a="1",} 1\n# EOF\n', 1, 9, 'expected label name'],
    ['a 1 1 # {x="y"} 1\n# EOF\n', 1, 3, 'exemplars are allowed only'],
    [`# TYPE a counter\na_total 1 # {x="${'y'.repeat(128)}"} 1\n# EOF\n`, 2, 13, 'more than the 128 allowed'],
    ['# TYPE a counter\n# HELP a x\na_total 1\n# HELP a y\n# EOF\n', 4, 1, 'before its samples'],
    ['# TYPE a_u info\n# UNIT a_u u\n# EOF\n', 2, 1, 'cannot have a unit'],
    ['a\t1\n# EOF\n', 1, 2, 'a space before the sample value'],
  ])('rejects %j at %d:%d', (input, line, column, message) => {
    const e = errorOf(input)
    expect(e.message).toContain(message)
    expect([e.line, e.column]).toEqual([line, column])
  })

  it('round-trips what formatOpenMetrics writes', () => {
    const families: MetricFamily[] = [
      {
        name: 'c_total',
        help: 'A "counter"\nwith \\ help.',
        type: 'counter',
        unit: '',
        metrics: [
          {
            labels: { b: 'x"y', a: '' },
            value: 1.5,
            createdMs: 1000,
            exemplar: { labels: { t: '1' }, value: 2, timestampMs: 5 },
          },
          { labels: { b: 'z' }, value: 0 },
        ],
      },
      {
        name: 'g_bytes',
        help: '',
        type: 'gauge',
        unit: 'bytes',
        metrics: [{ labels: {}, value: -Infinity, timestampMs: 42 }],
      },
      {
        name: 'h',
        help: 'hist',
        type: 'histogram',
        unit: '',
        metrics: [
          {
            labels: { l: 'v' },
            histogram: {
              count: 4,
              sum: 0.25,
              createdMs: 7000,
              buckets: [
                { upperBound: 0.1, cumulativeCount: 1, exemplar: { labels: {}, value: 0.05 } },
                { upperBound: Infinity, cumulativeCount: 4 },
              ],
            },
          },
        ],
      },
      {
        name: 's',
        help: 'sum',
        type: 'summary',
        unit: '',
        metrics: [
          {
            labels: {},
            summary: {
              count: 9,
              sum: 3,
              quantiles: [
                { quantile: 0.5, value: 0.1 },
                { quantile: 0.9, value: NaN },
              ],
            },
          },
        ],
      },
      { name: 'i_info', help: '', type: 'info', unit: '', metrics: [{ labels: { v: '1' }, value: 1 }] },
      { name: 'st', help: '', type: 'stateset', unit: '', metrics: [{ labels: { st: 'a' }, value: 1 }] },
      { name: 'u', help: '', type: 'unknown', unit: '', metrics: [{ labels: { z: '\n' }, value: 3 }] },
    ]
    const text = formatOpenMetrics(families)
    expect(parseOpenMetrics(text)).toEqual(families)
    expect(formatOpenMetrics(parseOpenMetrics(text))).toBe(text)
  })
})
