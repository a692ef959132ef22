import { describe, expect, it, vi } from 'vitest'
import { InvalidValueError, MetricConfigError } from './errors.js'
import { Histogram } from './histogram.js'
import type { HistogramConfiguration } from './histogram.js'

function histogram<T extends string>(config: Partial<HistogramConfiguration<T>> = {}) {
  return new Histogram<T>({
    name: 'latency_seconds',
    help: 'Latency.',
    registers: [],
    buckets: [1, 2, 5],
    ...config,
  })
}

function buckets(h: Histogram<string>, index = 0) {
  return h.snapshot().metrics[index]?.histogram?.buckets.map((b) => [b.upperBound, b.cumulativeCount])
}

describe('Histogram', () => {
  it('counts observations into cumulative buckets with sum and count', () => {
    const h = histogram()
    for (const v of [0.5, 1, 1.5, 3, 7, -2]) h.observe(v)
    expect(buckets(h)).toEqual([
      [1, 3],
      [2, 4],
      [5, 5],
      [Infinity, 6],
    ])
    expect(h.snapshot().metrics[0]?.histogram).toMatchObject({ count: 6, sum: 11 })
  })

  it('finds buckets by binary search when there are many', () => {
    const bounds = Array.from({ length: 40 }, (_, i) => i + 1)
    const h = histogram({ buckets: bounds })
    h.observe(20)
    h.observe(20.5)
    h.observe(100)
    const got = buckets(h) ?? []
    expect(got[18]).toEqual([19, 0])
    expect(got[19]).toEqual([20, 1])
    expect(got[20]).toEqual([21, 2])
    expect(got[40]).toEqual([Infinity, 3])
  })

  it('defaults to prom-client buckets', () => {
    const h = new Histogram({ name: 'x', help: 'h', registers: [] })
    expect(Array.from(h.upperBounds)).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
  })

  it('observes per label set, through children and with zero()', () => {
    const h = histogram({ labelNames: ['route'] as const })
    h.observe({ route: '/a' }, 1.5)
    h.labels('/b').observe(4)
    h.zero({ route: '/c' })
    expect(h.snapshot().metrics.map((m) => [m.labels, m.histogram?.count])).toEqual([
      [{ route: '/a' }, 1],
      [{ route: '/b' }, 1],
      [{ route: '/c' }, 0],
    ])
  })

  it('startTimer observes elapsed seconds', () => {
    const h = histogram({ labelNames: ['a', 'b'] })
    const now = vi.spyOn(performance, 'now')
    try {
      now.mockReturnValueOnce(0).mockReturnValueOnce(1_500)
      expect(h.startTimer({ a: 'x' })({ b: 'y' })).toBe(1.5)
      now.mockReturnValueOnce(0).mockReturnValueOnce(3_000)
      expect(h.labels('p', 'q').startTimer()()).toBe(3)
    } finally {
      now.mockRestore()
    }
    expect(h.snapshot().metrics.map((m) => [m.labels, m.histogram?.sum])).toEqual([
      [{ a: 'x', b: 'y' }, 1.5],
      [{ a: 'p', b: 'q' }, 3],
    ])
  })

  it.each([
    [{ buckets: [1, 1] }, /buckets must be strictly increasing: 1 then 1/],
    [{ buckets: [2, 1] }, /strictly increasing: 2 then 1/],
    [{ buckets: [1, NaN] }, /bucket NaN is not a number/],
    [{ labelNames: ['le'] }, /label name le is reserved by the histogram type/],
    [{ nativeHistogram: { schema: 99 } }, /schema/],
  ])('rejects the configuration %j', (config, message) => {
    expect(() => histogram(config as Partial<HistogramConfiguration<string>>)).toThrow(message)
  })

  it('reports configuration errors with a stable code', () => {
    expect(() => histogram({ buckets: [2, 1] })).toThrow(MetricConfigError)
  })

  it.each([NaN, Infinity, '1'])('rejects observe(%s)', (v) => {
    const h = histogram()
    expect(() => h.observe(v as number)).toThrow(InvalidValueError)
    expect(() => h.observe(v as number)).toThrow(/cannot observe .* in histogram latency_seconds/)
  })

  it('treats an explicit +Inf bound as the implied one', () => {
    expect(buckets(histogram({ buckets: [1, Infinity] }))).toEqual([
      [1, 0],
      [Infinity, 0],
    ])
  })

  it('records the latest exemplar of each bucket', () => {
    vi.useFakeTimers({ now: 2_000 })
    try {
      const h = histogram({ enableExemplars: true })
      h.observe({ value: 1.5, exemplarLabels: { trace_id: 'a' } })
      h.observe({ value: 1.7, exemplarLabels: { trace_id: 'b' } })
      h.observe({ value: 9 })
      const got = h.snapshot().metrics[0]?.histogram?.buckets.map((b) => b.exemplar)
      expect(got).toEqual([
        undefined,
        { labels: { trace_id: 'b' }, value: 1.7, timestampMs: 2_000 },
        undefined,
        undefined,
      ])
    } finally {
      vi.useRealTimers()
    }
  })

  it('still takes the label-record forms with enableExemplars', () => {
    const h = histogram({ labelNames: ['a'], enableExemplars: true })
    h.observe({ a: 'x' }, 1.5)
    h.observe({ labels: { a: 'x' }, value: 3 })
    h.startTimer({ a: 'x' }, { trace_id: 't' })()
    expect(h.snapshot().metrics.map((m) => [m.labels, m.histogram?.count])).toEqual([[{ a: 'x' }, 3]])
    expect(h.snapshot().metrics[0]?.histogram?.buckets[0]?.exemplar?.labels).toEqual({ trace_id: 't' })
  })

  it('keeps native buckets beside classic ones', () => {
    const h = histogram({ nativeHistogram: { schema: 0 } })
    h.observe(3)
    h.observe(0)
    const value = h.snapshot().metrics[0]?.histogram
    expect(value?.buckets).toHaveLength(4)
    expect(value?.native).toMatchObject({ schema: 0, count: 2, sum: 3, zeroCount: 1, positiveBuckets: [1] })
    expect(value?.native?.positiveSpans).toEqual([{ offset: 2, length: 1 }])
  })

  it('exposes native buckets only with buckets: []', () => {
    const h = histogram({ buckets: [], nativeHistogram: {} })
    h.observe(1)
    const value = h.snapshot().metrics[0]?.histogram
    expect(value?.buckets).toEqual([])
    expect(value?.native?.count).toBe(1)
  })

  it('exposes only +Inf with buckets: [] and no native buckets', () => {
    const h = histogram({ buckets: [] })
    h.observe(1)
    expect(buckets(h)).toEqual([[Infinity, 1]])
  })

  it('reset zeroes counts, native buckets and the created timestamp', () => {
    vi.useFakeTimers({ now: 1_000 })
    try {
      const h = histogram({ nativeHistogram: {} })
      h.observe(1)
      vi.setSystemTime(9_000)
      h.reset()
      expect(h.snapshot().metrics[0]?.histogram).toMatchObject({ count: 0, sum: 0, createdMs: 9_000 })
      expect(h.snapshot().metrics[0]?.histogram?.native?.positiveBuckets).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })
})
