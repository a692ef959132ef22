import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '../metric-family.js'
import { formatText } from './text-format.js'

const fam = (f: Partial<MetricFamily> & Pick<MetricFamily, 'name' | 'type' | 'metrics'>): MetricFamily => ({
  help: '',
  unit: '',
  ...f,
})

describe('formatText', () => {
  it.each<[string, MetricFamily, string]>([
    [
      'a counter with labels in record order, escaped, and a timestamp',
      fam({
        name: 'http_requests_total',
        help: 'Requests\\served\nso far.',
        type: 'counter',
        metrics: [
          { labels: { method: 'GET', code: '200' }, value: 1027, createdMs: 5 },
          { labels: { path: 'a"b\\c\nd' }, value: 3, timestampMs: 1395066363000 },
        ],
      }),
      '# HELP http_requests_total Requests\\\\served\\nso far.\n# TYPE http_requests_total counter\n' +
        'http_requests_total{method="GET",code="200"} 1027\n' +
        'http_requests_total{path="a\\"b\\\\c\\nd"} 3 1395066363000\n',
    ],
    [
      'a gauge with special values and no help',
      fam({
        name: 'g',
        type: 'gauge',
        metrics: [
          { labels: {}, value: Infinity },
          { labels: { a: 'x' }, value: -Infinity },
          { labels: { a: 'y' }, value: NaN },
        ],
      }),
      '# TYPE g gauge\ng +Inf\ng{a="x"} -Inf\ng{a="y"} NaN\n',
    ],
    [
      'a histogram, le last, +Inf added when missing',
      fam({
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: { a: '1' },
            histogram: {
              count: 5,
              sum: 1.5,
              buckets: [
                { upperBound: 0.5, cumulativeCount: 2 },
                { upperBound: 1, cumulativeCount: 4 },
              ],
            },
          },
        ],
      }),
      '# TYPE h histogram\nh_bucket{a="1",le="0.5"} 2\nh_bucket{a="1",le="1"} 4\nh_bucket{a="1",le="+Inf"} 5\nh_sum{a="1"} 1.5\nh_count{a="1"} 5\n',
    ],
    [
      'a summary with quantiles and a timestamp on every line',
      fam({
        name: 's',
        type: 'summary',
        metrics: [
          {
            labels: {},
            timestampMs: 7,
            summary: {
              count: 2,
              sum: 3,
              quantiles: [
                { quantile: 0.5, value: 1 },
                { quantile: 0.99, value: 2 },
              ],
            },
          },
        ],
      }),
      '# TYPE s summary\ns{quantile="0.5"} 1 7\ns{quantile="0.99"} 2 7\ns_sum 3 7\ns_count 2 7\n',
    ],
    [
      'a gauge histogram as a histogram',
      fam({
        name: 'gh',
        type: 'gaugehistogram',
        metrics: [
          {
            labels: {},
            histogram: { count: 1, sum: -2, buckets: [{ upperBound: Infinity, cumulativeCount: 1 }] },
          },
        ],
      }),
      '# TYPE gh histogram\ngh_bucket{le="+Inf"} 1\ngh_sum -2\ngh_count 1\n',
    ],
    [
      'an info family as a gauge named _info',
      fam({ name: 'build', type: 'info', metrics: [{ labels: { version: '1.2' }, value: 1 }] }),
      '# TYPE build_info gauge\nbuild_info{version="1.2"} 1\n',
    ],
    [
      'a stateset as a gauge',
      fam({
        name: 'st',
        type: 'stateset',
        metrics: [
          { labels: { st: 'a' }, value: 1 },
          { labels: { st: 'b' }, value: 0 },
        ],
      }),
      '# TYPE st gauge\nst{st="a"} 1\nst{st="b"} 0\n',
    ],
    [
      'unknown as untyped',
      fam({ name: 'u', type: 'unknown', metrics: [{ labels: {}, value: 2 }] }),
      '# TYPE u untyped\nu 2\n',
    ],
  ])('writes %s', (_, family, want) => {
    expect(formatText([family])).toBe(want)
  })

  it('writes nothing for no families', () => {
    expect(formatText([])).toBe('')
  })

  it('re-renders a label record that is not frozen after it changed', () => {
    const labels: Record<string, string> = { a: '1' }
    const f = fam({ name: 'g', type: 'gauge', metrics: [{ labels, value: 1 }] })
    expect(formatText([f])).toBe('# TYPE g gauge\ng{a="1"} 1\n')
    labels.a = '2'
    expect(formatText([f])).toBe('# TYPE g gauge\ng{a="2"} 1\n')
  })

  it('reuses a frozen label record across families of different names', () => {
    const labels = Object.freeze({ a: '1' })
    const out = formatText([
      fam({ name: 'x', type: 'gauge', metrics: [{ labels, value: 1 }] }),
      fam({ name: 'y', type: 'gauge', metrics: [{ labels, value: 2 }] }),
    ])
    expect(out).toBe('# TYPE x gauge\nx{a="1"} 1\n# TYPE y gauge\ny{a="1"} 2\n')
  })
})

describe('formatText histogram line prefixes', () => {
  const labels = Object.freeze({ path: '/a' })
  const histogram = (bounds: number[]): MetricFamily[] => [
    {
      name: 'h',
      help: '',
      type: 'histogram',
      unit: '',
      metrics: [
        {
          labels,
          histogram: {
            count: 2,
            sum: 3,
            buckets: bounds.map((upperBound, i) => ({ upperBound, cumulativeCount: i + 1 })),
          },
        },
      ],
    },
  ]

  it('re-renders cached prefixes when the same labels come with other bounds or another name', () => {
    expect(formatText(histogram([1, Infinity]))).toContain(
      'h_bucket{path="/a",le="1"} 1\nh_bucket{path="/a",le="+Inf"} 2\n',
    )
    expect(formatText(histogram([0.5, 2]))).toBe(
      '# TYPE h histogram\nh_bucket{path="/a",le="0.5"} 1\nh_bucket{path="/a",le="2"} 2\n' +
        'h_bucket{path="/a",le="+Inf"} 2\nh_sum{path="/a"} 3\nh_count{path="/a"} 2\n',
    )
    const renamed = histogram([0.5, 2])
    ;(renamed[0] as MetricFamily).name = 'g'
    expect(formatText(renamed)).toContain('g_bucket{path="/a",le="0.5"} 1\n')
    expect(formatText(renamed)).toContain('g_count{path="/a"} 2\n')
  })
})
