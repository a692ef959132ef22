import { describe, expect, it } from 'vitest'
import { ParseError } from '../errors.js'
import type { MetricFamily } from '../metric-family.js'
import { formatText } from './text-format.js'
import { parseText } from './text-parse.js'

function errorOf(input: string): ParseError {
  try {
    parseText(input)
  } catch (e) {
    if (e instanceof ParseError) return e
    throw e
  }
  throw new Error('expected a ParseError')
}

describe('parseText', () => {
  it('parses the classic example exposition', () => {
    const input = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      '# Escaping in label values:',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      '# TYPE rpc_duration_seconds summary',
      'rpc_duration_seconds{quantile="0.5"} 4773',
      'rpc_duration_seconds_sum 1.7560473e+07',
      'rpc_duration_seconds_count 2693',
      '\t# TYPE h histogram',
      'h_bucket{le="0.05", } 24054',
      'h_bucket { le = "+Inf" } 144320',
      'h_sum 53423',
      'h_count 144320',
    ].join('\n')
    const fams = parseText(input)
    expect(fams.map((f) => [f.name, f.type])).toEqual([
      ['http_requests_total', 'counter'],
      ['msdos_file_access_time_seconds', 'unknown'],
      ['metric_without_timestamp_and_labels', 'unknown'],
      ['rpc_duration_seconds', 'summary'],
      ['h', 'histogram'],
    ])
    expect(fams[0]?.help).toBe('The total number of HTTP requests.')
    expect(fams[0]?.metrics[1]).toEqual({
      labels: { method: 'post', code: '400' },
      value: 3,
      timestampMs: 1395066363000,
    })
    expect(fams[1]?.metrics[0]?.labels).toEqual({
      path: 'C:\\DIR\\FILE.TXT',
      error: 'Cannot find file:\n"FILE.TXT"',
    })
    expect(fams[3]?.metrics[0]?.summary).toEqual({
      count: 2693,
      sum: 1.7560473e7,
      quantiles: [{ quantile: 0.5, value: 4773 }],
    })
    expect(fams[4]?.metrics[0]?.histogram).toEqual({
      count: 144320,
      sum: 53423,
      buckets: [
        { upperBound: 0.05, cumulativeCount: 24054 },
        { upperBound: Infinity, cumulativeCount: 144320 },
      ],
    })
  })

  it.each([
    ['+Inf', Infinity],
    ['-inf', -Infinity],
    ['Infinity', Infinity],
    ['NaN', NaN],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['-0.0', -0],
    ['007', 7],
  ])('reads the value %s', (text, want) => {
    expect(parseText(`x ${text}\n`)[0]?.metrics[0]?.value).toBe(want)
  })

  it('unescapes HELP text (backslash and newline only)', () => {
    expect(parseText('# HELP x a\\\\b\\nc\\"d\n')[0]?.help).toBe('a\\b\nc\\"d')
  })

  it('groups histogram lines of one label set even when spread out', () => {
    const fams = parseText(
      '# TYPE h histogram\nh_bucket{a="1",le="+Inf"} 1\nh_bucket{a="2",le="+Inf"} 2\nh_count{a="1"} 1\n',
    )
    expect(fams[0]?.metrics.map((m) => [m.labels, m.histogram?.count])).toEqual([
      [{ a: '1' }, 1],
      [{ a: '2' }, 0],
    ])
  })

  it.each([
    ['x 1 2 3\n', 1, 7, 'expected end of line'],
    ['x{a="1"\n', 1, 8, 'expected "," or "}"'],
    ['x{a="1} 1\n', 1, 10, 'closing double quote'],
    ['x{a="1",a="2"} 1\n', 1, 9, 'duplicate label name "a"'],
    ['x{1a="1"} 1\n', 1, 3, 'expected label name'],
    ['x{a=1} 1\n', 1, 5, 'quoted value'],
    ['x abc\n', 1, 3, 'expected sample value'],
    ['x 0x1F\n', 1, 3, 'expected sample value'],
    ['x\n', 1, 2, 'expected a space before the sample value'],
    ['ok 1\nx 1 1.5\n', 2, 5, 'integer milliseconds'],
    ['# TYPE x foo\n', 1, 10, 'expected a metric type'],
    ['# TYPE x counter extra\n', 1, 18, 'expected end of line'],
    ['# TYPE x counter\n# TYPE x gauge\n', 2, 1, 'second TYPE'],
    ['# HELP x a\n# HELP x b\n', 2, 1, 'second HELP'],
    ['x 1\n# TYPE x gauge\n', 2, 1, 'before its samples'],
    ['# TYPE h histogram\nh 1\n', 2, 1, 'must be named h_bucket'],
    ['# TYPE h histogram\nh_bucket 1\n', 2, 1, 'numeric "le" label'],
    ['# TYPE s summary\ns{quantile="x"} 1\n', 2, 1, 'numeric "quantile" label'],
    ['0x 1\n', 1, 1, 'expected metric name'],
  ])('rejects %j at %d:%d', (input, line, column, message) => {
    const e = errorOf(input)
    expect([e.line, e.column]).toEqual([line, column])
    expect(e.message).toContain(message)
    expect(e.code).toBe('ERR_PARSE')
  })

  it('round-trips what formatText writes', () => {
    const families: MetricFamily[] = [
      {
        name: 'c_total',
        help: 'A "counter"\nwith \\ help.',
        type: 'counter',
        unit: '',
        metrics: [{ labels: { b: 'x"y', a: '' }, value: 1.5 }],
      },
      {
        name: 'g',
        help: '',
        type: 'gauge',
        unit: '',
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
              buckets: [
                { upperBound: 0.1, cumulativeCount: 1 },
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
      { name: 'u', help: '', type: 'unknown', unit: '', metrics: [{ labels: { z: '\n' }, value: 3 }] },
    ]
    const text = formatText(families)
    expect(parseText(text)).toEqual(families)
    expect(formatText(parseText(text))).toBe(text)
  })
})
