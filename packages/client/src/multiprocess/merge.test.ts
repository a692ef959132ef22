import type { MetricFamily } from '@watchfire/model'
import { describe, expect, it } from 'vitest'
import { mergeSources, mergedQuantiles } from './merge.js'
import type { MergeSource } from './merge.js'
import type { MergeMode, MetricState, SeriesState } from './state.js'

function gauge(mode: MergeMode, series: SeriesState[]): MetricState {
  return { name: 'g', help: 'h', type: 'gauge', unit: '', labelNames: ['k'], mode, series }
}

function source(metrics: MetricState[], live: boolean, pid: number | undefined): MergeSource {
  return { metrics, live, pid }
}

function values(families: MetricFamily[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of families) for (const m of f.metrics) out[JSON.stringify(m.labels)] = m.value as number
  return out
}

// Worker 1 (live, set at t=10) holds 3, worker 2 (live, t=30) holds 5, worker 3 (dead, t=20) holds 11;
// the archive (folded dead workers) holds 7 at t=5 (for `all`: pid 4).
function merged(mode: MergeMode): Record<string, number> {
  const archive: SeriesState = mode === 'all' ? { l: ['x'], v: 7, t: 5, p: 4 } : { l: ['x'], v: 7, t: 5 }
  const liveArchive = mode.startsWith('live') ? [] : [archive]
  return values(
    mergeSources(
      [
        source([gauge(mode, [{ l: ['x'], v: 3, t: 10 }])], true, 1),
        source([gauge(mode, [{ l: ['x'], v: 5, t: 30 }])], true, 2),
        source([gauge(mode, [{ l: ['x'], v: 11, t: 20 }])], false, 3),
        source([gauge(mode, liveArchive)], false, undefined),
      ],
      () => {},
    ),
  )
}

describe('merging gauges by mode', () => {
  it.each<[MergeMode, Record<string, number>]>([
    ['sum', { '{"k":"x"}': 3 + 5 + 11 + 7 }],
    ['livesum', { '{"k":"x"}': 3 + 5 }],
    ['min', { '{"k":"x"}': 3 }],
    ['max', { '{"k":"x"}': 11 }],
    ['mostrecent', { '{"k":"x"}': 5 }],
    ['livemostrecent', { '{"k":"x"}': 5 }],
    ['liveaverage', { '{"k":"x"}': 4 }],
    [
      'all',
      {
        '{"k":"x","pid":"1"}': 3,
        '{"k":"x","pid":"2"}': 5,
        '{"k":"x","pid":"3"}': 11,
        '{"k":"x","pid":"4"}': 7,
      },
    ],
    ['liveall', { '{"k":"x","pid":"1"}': 3, '{"k":"x","pid":"2"}': 5 }],
    ['omit', {}],
  ])('%s', (mode, expected) => {
    expect(merged(mode)).toEqual(expected)
  })

  it('drops a series only dead workers held in a live mode', () => {
    const families = mergeSources(
      [source([gauge('livesum', [{ l: ['gone'], v: 1, t: 1 }])], false, 9)],
      () => {},
    )
    expect(families[0]?.metrics).toEqual([])
  })
})

describe('merging counters, histograms and summaries', () => {
  const counter = (v: number, cr: number): MetricState => ({
    name: 'c_total',
    help: 'h',
    type: 'counter',
    unit: '',
    labelNames: [],
    mode: 'sum',
    series: [{ l: [], v, cr }],
  })

  it('adds counters of live, dead and archived workers and keeps the earliest created time', () => {
    const families = mergeSources(
      [
        source([counter(2, 50)], true, 1),
        source([counter(3, 40)], false, 2),
        source([counter(10, 60)], false, undefined),
      ],
      () => {},
    )
    expect(families[0]?.metrics[0]).toEqual({ labels: {}, value: 15, createdMs: 40 })
  })

  it('adds histogram buckets into cumulative ones', () => {
    const h = (b: number[], s: number): MetricState => ({
      name: 'h',
      help: 'h',
      type: 'histogram',
      unit: '',
      labelNames: [],
      mode: 'sum',
      bounds: [1, 2],
      series: [{ l: [], b, s, c: b.reduce((a, x) => a + x, 0), cr: 1 }],
    })
    const families = mergeSources(
      [source([h([1, 2, 3], 10)], true, 1), source([h([4, 0, 1], 5)], false, 2)],
      () => {},
    )
    expect(families[0]?.metrics[0]?.histogram).toEqual({
      count: 11,
      sum: 15,
      createdMs: 1,
      buckets: [
        { upperBound: 1, cumulativeCount: 5 },
        { upperBound: 2, cumulativeCount: 7 },
        { upperBound: Infinity, cumulativeCount: 11 },
      ],
    })
  })

  it('reports and leaves out a source whose definition conflicts', () => {
    const problems: string[] = []
    const other: MetricState = { ...counter(1, 1), type: 'gauge', mode: 'livesum' }
    const families = mergeSources([source([counter(2, 1)], true, 1), source([other], true, 2)], (m) =>
      problems.push(m),
    )
    expect(families[0]?.metrics[0]?.value).toBe(2)
    expect(problems).toEqual(['cannot merge metric c_total of pid 2 (type gauge differs from counter)'])
  })
})

describe('merged quantiles', () => {
  it('is exact for exact windows: the union of 1..100 and 101..200 has median 100', () => {
    const a: [number[], number[]] = [
      Array.from({ length: 100 }, (_, i) => i + 1),
      new Array<number>(100).fill(1),
    ]
    const b: [number[], number[]] = [
      Array.from({ length: 100 }, (_, i) => i + 101),
      new Array<number>(100).fill(1),
    ]
    expect(mergedQuantiles([a, b], [0.5, 0.99])).toEqual([
      { quantile: 0.5, value: 100 },
      { quantile: 0.99, value: 198 },
    ])
  })

  it('weights compressed values and is NaN without observations', () => {
    expect(
      mergedQuantiles(
        [
          [
            [1, 10],
            [1, 9],
          ],
        ],
        [0.5],
      ),
    ).toEqual([{ quantile: 0.5, value: 10 }])
    expect(mergedQuantiles([], [0.5])).toEqual([{ quantile: 0.5, value: NaN }])
  })
})
