import { describe, expect, it } from 'vitest'
import type { MetricFamily } from '../metric-family.js'
import { formatOpenMetrics } from './openmetrics-format.js'

const fam = (f: Partial<MetricFamily> & Pick<MetricFamily, 'name' | 'type' | 'metrics'>): MetricFamily => ({
  help: '',
  unit: '',
  ...f,
})

describe('formatOpenMetrics', () => {
  it.each<[string, MetricFamily, string]>([
    [
      'a counter: TYPE without _total, samples with it, _created in seconds, an exemplar',
      fam({
        name: 'rpc_seconds_total',
        help: 'Time "spent".',
        unit: 'seconds',
        type: 'counter',
        metrics: [
          {
            labels: { a: 'b' },
            value: 4,
            createdMs: 1500,
            exemplar: { labels: { trace_id: 'x' }, value: 0.5, timestampMs: 2000 },
          },
        ],
      }),
      '# HELP rpc_seconds Time \\"spent\\".\n# TYPE rpc_seconds counter\n# UNIT rpc_seconds seconds\n' +
        'rpc_seconds_total{a="b"} 4 # {trace_id="x"} 0.5 2\nrpc_seconds_created{a="b"} 1.5\n',
    ],
    [
      'a counter named without _total',
      fam({ name: 'jobs', type: 'counter', metrics: [{ labels: {}, value: 1, timestampMs: 1234 }] }),
      '# TYPE jobs counter\njobs_total 1 1.234\n',
    ],
    [
      'a histogram with canonical le, exemplars and _created',
      fam({
        name: 'h',
        type: 'histogram',
        metrics: [
          {
            labels: {},
            histogram: {
              count: 3,
              sum: 2,
              createdMs: 10,
              buckets: [
                { upperBound: 1, cumulativeCount: 1, exemplar: { labels: {}, value: 0.7 } },
                { upperBound: Infinity, cumulativeCount: 3 },
              ],
            },
          },
        ],
      }),
      '# TYPE h histogram\nh_bucket{le="1.0"} 1 # {} 0.7\nh_bucket{le="+Inf"} 3\nh_count 3\nh_sum 2\nh_created 0.01\n',
    ],
    [
      'a histogram with negative buckets, without _sum and _count',
      fam({
        name: 'n',
        type: 'histogram',
        metrics: [
          { labels: {}, histogram: { count: 1, sum: -3, buckets: [{ upperBound: -1, cumulativeCount: 1 }] } },
        ],
      }),
      '# TYPE n histogram\nn_bucket{le="-1.0"} 1\nn_bucket{le="+Inf"} 1\n',
    ],
    [
      'a gauge histogram with _gcount and _gsum',
      fam({
        name: 'gh',
        type: 'gaugehistogram',
        metrics: [
          {
            labels: { x: 'y' },
            histogram: { count: 2, sum: 4, buckets: [{ upperBound: Infinity, cumulativeCount: 2 }] },
          },
        ],
      }),
      '# TYPE gh gaugehistogram\ngh_bucket{x="y",le="+Inf"} 2\ngh_gcount{x="y"} 2\ngh_gsum{x="y"} 4\n',
    ],
    [
      'a summary',
      fam({
        name: 's',
        type: 'summary',
        metrics: [
          {
            labels: {},
            summary: {
              count: 2,
              sum: 3,
              createdMs: 1000,
              quantiles: [
                { quantile: 0.5, value: 1 },
                { quantile: 1, value: 2 },
              ],
            },
          },
        ],
      }),
      '# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="1.0"} 2\ns_count 2\ns_sum 3\ns_created 1\n',
    ],
    [
      'an info family declared without _info',
      fam({ name: 'build_info', type: 'info', metrics: [{ labels: { v: '1' }, value: 1 }] }),
      '# TYPE build info\nbuild_info{v="1"} 1\n',
    ],
    [
      'a stateset',
      fam({ name: 'st', type: 'stateset', metrics: [{ labels: { st: 'on' }, value: 1 }] }),
      '# TYPE st stateset\nst{st="on"} 1\n',
    ],
    [
      'an unknown family',
      fam({ name: 'u', type: 'unknown', metrics: [{ labels: {}, value: NaN }] }),
      '# TYPE u unknown\nu NaN\n',
    ],
  ])('writes %s', (_, family, want) => {
    expect(formatOpenMetrics([family])).toBe(want + '# EOF\n')
  })

  it('writes only # EOF for no families', () => {
    expect(formatOpenMetrics([])).toBe('# EOF\n')
  })
})
