import { afterEach, describe, expect, it, vi } from 'vitest'
import { InvalidValueError } from './errors.js'
import { Summary } from './summary.js'
import type { SummaryConfiguration } from './summary.js'

function summary<T extends string>(config: Partial<SummaryConfiguration<T>> = {}) {
  return new Summary<T>({
    name: 'size_bytes',
    help: 'Size.',
    registers: [],
    percentiles: [0.5, 0.9],
    ...config,
  })
}

function value(s: Summary<string>, index = 0) {
  return s.snapshot().metrics[index]?.summary
}

afterEach(() => {
  vi.useRealTimers()
})

describe('Summary', () => {
  it('exposes quantiles, sum and count', () => {
    const s = summary()
    for (let i = 1; i <= 100; i++) s.observe(i)
    expect(value(s)).toMatchObject({
      count: 100,
      sum: 5050,
      quantiles: [
        { quantile: 0.5, value: 50 },
        { quantile: 0.9, value: 90 },
      ],
    })
  })

  it('reports NaN quantiles for an empty series', () => {
    expect(value(summary())?.quantiles.map((q) => q.value)).toEqual([NaN, NaN])
  })

  it('uses prom-client default percentiles', () => {
    expect(new Summary({ name: 'x', help: 'h', registers: [] }).percentiles).toEqual([
      0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999,
    ])
  })

  it('observes per label set, through children and timers', () => {
    const s = summary({ labelNames: ['op'] as const })
    s.observe({ op: 'read' }, 3)
    s.labels('write').observe(4)
    const now = vi.spyOn(performance, 'now')
    try {
      now.mockReturnValueOnce(0).mockReturnValueOnce(2_000)
      expect(s.startTimer()({ op: 'read' })).toBe(2)
      now.mockReturnValueOnce(0).mockReturnValueOnce(1_000)
      expect(s.labels('write').startTimer()()).toBe(1)
    } finally {
      now.mockRestore()
    }
    expect(s.snapshot().metrics.map((m) => [m.labels, m.summary?.count, m.summary?.sum])).toEqual([
      [{ op: 'read' }, 2, 5],
      [{ op: 'write' }, 2, 5],
    ])
  })

  it('forgets observations older than maxAgeSeconds but keeps sum and count', () => {
    vi.useFakeTimers({ now: 0 })
    const s = summary({ maxAgeSeconds: 10, ageBuckets: 2 })
    s.observe(100)
    vi.setSystemTime(11_000)
    expect(value(s)).toMatchObject({ count: 1, sum: 100, quantiles: [{ value: NaN }, { value: NaN }] })
  })

  it('keeps every observation without maxAgeSeconds, as prom-client', () => {
    vi.useFakeTimers({ now: 0 })
    const s = summary()
    s.observe(7)
    vi.setSystemTime(86_400_000)
    expect(value(s)?.quantiles[0]?.value).toBe(7)
  })

  it('prunes series whose window emptied with pruneAgedBuckets', async () => {
    vi.useFakeTimers({ now: 0 })
    const s = summary({ labelNames: ['a'], maxAgeSeconds: 10, ageBuckets: 1, pruneAgedBuckets: true })
    s.observe({ a: 'old' }, 1)
    vi.setSystemTime(10_500)
    s.observe({ a: 'new' }, 2)
    expect(s.snapshot().metrics.map((m) => m.labels)).toEqual([{ a: 'new' }])
    vi.setSystemTime(30_000)
    expect((await s.get()).values).toEqual([])
  })

  it.each([
    [{ percentiles: [0] }, /percentile 0 is outside \(0, 1\)/],
    [{ percentiles: [1] }, /percentile 1 is outside/],
    [{ percentiles: [0.5, 1.5] }, /percentile 1.5 is outside/],
    [{ maxAgeSeconds: -1 }, /maxAgeSeconds -1 must be > 0/],
    [{ maxAgeSeconds: 10, ageBuckets: 0 }, /ageBuckets 0 must be a positive integer/],
    [{ compressCount: 0.5 }, /compressCount 0.5 must be a positive integer/],
    [{ labelNames: ['quantile'] }, /label name quantile is reserved by the summary type/],
  ])('rejects the configuration %j', (config, message) => {
    expect(() => summary(config as Partial<SummaryConfiguration<string>>)).toThrow(message)
  })

  it.each([NaN, -Infinity])('rejects observe(%s)', (v) => {
    expect(() => summary().observe(v)).toThrow(InvalidValueError)
  })

  it('reset forgets observations', () => {
    const s = summary()
    s.observe(5)
    s.reset()
    expect(value(s)).toMatchObject({ count: 0, sum: 0, quantiles: [{ value: NaN }, { value: NaN }] })
  })
})
