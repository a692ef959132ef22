import { describe, expect, it } from 'vitest'
import { parseText } from '@watchfire/model'
import { apiMetrics, apiSuccess } from './api-v1.js'
import { parseGroupingPath } from './grouping-key.js'
import { MetricStore } from './store.js'

describe('apiMetrics', () => {
  const store = new MetricStore()
  const text =
    '# HELP c Count.\n# TYPE c counter\nc 1e6\n# TYPE h histogram\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.75\nh_count 2\n' +
    '# TYPE s summary\ns{quantile="0.9"} 3\ns_sum 5\ns_count 7\nu NaN\n'
  store.commit(
    store.planPush(
      parseGroupingPath('/job/j/i/1'),
      new Map(parseText(text).map((f) => [f.name, f])),
      true,
      Date.UTC(2024, 0, 2, 3, 4, 5, 6),
    ),
  )
  const [group] = apiMetrics(store.all()) as Record<string, unknown>[]

  it('describes the group by its labels and last push status', () => {
    expect(group?.labels).toEqual({ i: '1', job: 'j' })
    expect(group?.last_push_successful).toBe(true)
  })

  it.each([
    [
      'c',
      {
        time_stamp: '2024-01-02T03:04:05.006Z',
        type: 'COUNTER',
        help: 'Count.',
        metrics: [{ labels: { i: '1', instance: '', job: 'j' }, value: '1e+06' }],
      },
    ],
    [
      'h',
      {
        time_stamp: '2024-01-02T03:04:05.006Z',
        type: 'HISTOGRAM',
        metrics: [
          {
            labels: { i: '1', instance: '', job: 'j' },
            buckets: { '0.5': '1', '+Inf': '2' },
            count: '2',
            sum: '0.75',
          },
        ],
      },
    ],
    [
      's',
      {
        time_stamp: '2024-01-02T03:04:05.006Z',
        type: 'SUMMARY',
        metrics: [
          { labels: { i: '1', instance: '', job: 'j' }, quantiles: { '0.9': '3' }, count: '7', sum: '5' },
        ],
      },
    ],
    [
      'u',
      {
        time_stamp: '2024-01-02T03:04:05.006Z',
        type: 'UNTYPED',
        metrics: [{ labels: { i: '1', instance: '', job: 'j' }, value: 'NaN' }],
      },
    ],
    [
      'push_failure_time_seconds',
      {
        time_stamp: '2024-01-02T03:04:05.006Z',
        type: 'GAUGE',
        help: 'Last Unix time when changing this group in the Pushgateway failed.',
        metrics: [{ labels: { i: '1', instance: '', job: 'j' }, value: '0' }],
      },
    ],
  ])('renders family %s as the original', (name, expected) => {
    expect(group?.[name]).toEqual(expected)
  })

  it('reports a failed last push', () => {
    const s = new MetricStore()
    s.commit(s.planPush(parseGroupingPath('/job/j'), new Map(), true, 1000))
    s.commit(s.planFailure(parseGroupingPath('/job/j'), 2000))
    expect(apiMetrics(s.all())[0]?.last_push_successful).toBe(false)
  })

  it('wraps data in the success envelope', () => {
    expect(JSON.parse(apiSuccess([1]))).toEqual({ status: 'success', data: [1] })
  })
})
