import { Counter, Gauge, Histogram, metricsHandler, Registry } from '@watchfire/client'
import { describe, expect, it } from 'vitest'
import { HarnessError } from './errors.js'
import { metricsHarness } from './metrics-harness.js'

function counterApp(): { registry: Registry; requests: Counter<'route'> } {
  const registry = new Registry()
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests.',
    labelNames: ['route'] as const,
    registers: [registry],
  })
  return { registry, requests }
}

describe('metricsHarness', () => {
  it('scrapes at the start and at every interval boundary, with the work in between', async () => {
    const { registry, requests } = counterApp()
    const h = metricsHarness(registry, { interval: '15s' })
    const seen: number[] = []
    await h.advance('1m', {
      each: (t) => {
        seen.push(t)
        requests.inc({ route: '/users/:id' })
      },
    })
    expect(h.now()).toBe(60_000)
    expect(seen).toEqual([15_000, 30_000, 45_000, 60_000])
    const result = await h.queryRange('http_requests_total', { step: '15s' })
    expect(result.series()[0]?.points).toEqual([
      [15_000, 1],
      [30_000, 2],
      [45_000, 3],
      [60_000, 4],
    ])
  })

  it('adds the target labels and the synthetic series a server adds', async () => {
    const { registry, requests } = counterApp()
    requests.inc({ route: '/' })
    const h = metricsHarness(registry, { job: 'api', instance: 'api-0:8080' })
    await h.advance(0)
    expect((await h.query('up')).series()).toEqual([
      { labels: { __name__: 'up', instance: 'api-0:8080', job: 'api' }, value: 1, points: [[0, 1]] },
    ])
    // OpenMetrics (negotiated first, as by Prometheus 2.42) exposes a counter's _created line too.
    expect((await h.query('scrape_samples_scraped')).value()).toBe(2)
    expect((await h.query('http_requests_total')).series()[0]?.labels).toEqual({
      __name__: 'http_requests_total',
      instance: 'api-0:8080',
      job: 'api',
      route: '/',
    })
  })

  it.each([
    { interval: '15s', perScrape: 3, window: '1m', rate: 0.2 },
    { interval: '1s', perScrape: 2, window: '10s', rate: 2 },
    { interval: 30_000, perScrape: 6, window: '5m', rate: 0.2 },
  ])('rate() of a counter growing $perScrape per $interval scrape is $rate/s', async (c) => {
    const { registry, requests } = counterApp()
    const h = metricsHarness(registry, { interval: c.interval })
    await h.advance('10m', { each: () => requests.inc({ route: '/users/:id' }, c.perScrape) })
    const result = await h.query(`rate(http_requests_total{route="/users/:id"}[${c.window}])`)
    expect(result.value()).toBeCloseTo(c.rate, 9)
  })

  it('answers histogram_quantile over a classic histogram', async () => {
    const registry = new Registry()
    const latency = new Histogram({
      name: 'latency_seconds',
      help: 'Latency.',
      buckets: [0.1, 0.5, 1, 5],
      registers: [registry],
    })
    const h = metricsHarness(registry)
    await h.advance('5m', {
      each: () => {
        // Per interval: 10 fast, 20 medium, 30 slow, 40 very slow; the median falls in (0.5, 1].
        for (const [v, n] of [
          [0.05, 10],
          [0.3, 20],
          [0.7, 30],
          [2, 40],
        ] as const)
          for (let i = 0; i < n; i++) latency.observe(v)
      },
    })
    const p50 = await h.query('histogram_quantile(0.5, sum by (le) (rate(latency_seconds_bucket[1m])))')
    expect(p50.value()).toBeCloseTo(0.5 + 0.5 * (20 / 30), 9)
    const p99 = await h.query('histogram_quantile(0.99, rate(latency_seconds_bucket[1m]))')
    expect(p99.value()).toBeCloseTo(1 + 4 * (39 / 40), 9)
  })

  it('keeps native histograms when asked to negotiate protobuf', async () => {
    const registry = new Registry()
    const latency = new Histogram({
      name: 'native_seconds',
      help: 'Latency.',
      buckets: [],
      nativeHistogram: { schema: 3 },
      registers: [registry],
    })
    const h = metricsHarness(registry, { nativeHistograms: true })
    await h.advance('2m', { each: () => [1, 2, 3, 4].forEach((v) => latency.observe(v)) })
    expect((await h.query('histogram_count(native_seconds)')).value()).toBe(32)
    expect((await h.query('histogram_sum(rate(native_seconds[1m]))')).value()).toBeCloseTo(10 / 15, 9)
  })

  it('marks a series stale when it disappears, so it vanishes at once instead of after 5m', async () => {
    const registry = new Registry()
    const queue = new Gauge({
      name: 'queue_depth',
      help: 'Depth.',
      labelNames: ['queue'] as const,
      registers: [registry],
    })
    queue.set({ queue: 'emails' }, 3)
    queue.set({ queue: 'reports' }, 1)
    const h = metricsHarness(registry)
    await h.advance('1m')
    expect((await h.query('count(queue_depth)')).value()).toBe(2)
    queue.remove({ queue: 'reports' })
    await h.advance('15s')
    expect((await h.query('queue_depth')).series().map((s) => s.labels.queue)).toEqual(['emails'])
    // Just before the scrape that missed it, the series was still there.
    expect((await h.query('queue_depth{queue="reports"}', h.now() - 1)).value()).toBe(1)
  })

  it('reports up == 0 and ends every series when a scrape fails', async () => {
    const registry = new Registry()
    const gauge = new Gauge({ name: 'workers', help: 'Workers.', registers: [registry] })
    gauge.set(4)
    let broken = false
    registry.registerCollector({
      collect: () => {
        if (broken) throw new Error('database unreachable')
        return []
      },
    })
    const h = metricsHarness(registry)
    await h.advance('30s')
    broken = true
    await h.advance('15s')
    expect((await h.query('up')).value()).toBe(0)
    expect((await h.query('workers')).series()).toEqual([])
    broken = false
    await h.advance('15s')
    expect((await h.query('up')).value()).toBe(1)
    expect((await h.query('workers')).value()).toBe(4)
  })

  it('scrapes a node:http handler in-process, gzip and all', async () => {
    const { registry, requests } = counterApp()
    requests.inc({ route: '/a' }, 5)
    const h = metricsHarness(metricsHandler(registry, { gzip: true }))
    await h.advance(0)
    expect((await h.query('http_requests_total')).value()).toBe(5)
  })

  it('counts a handler answering anything but 200 as a failed scrape', async () => {
    const h = metricsHarness((_req, res) => {
      res.writeHead(503).end('maintenance')
    })
    await h.advance(0)
    expect((await h.query('up')).value()).toBe(0)
  })

  it('moves time without scraping between boundaries, and scrape() scrapes off-schedule', async () => {
    const { registry, requests } = counterApp()
    const h = metricsHarness(registry, { interval: '15s', start: new Date('2025-01-01T00:00:00Z') })
    const start = h.now()
    await h.advance('20s')
    requests.inc({ route: '/' })
    await h.scrape()
    await h.advance('10s')
    const counts = await h.queryRange('count_over_time(up[1s])', { start, end: h.now(), step: '5s' })
    expect(counts.series()[0]?.points.map(([t]) => (t - start) / 1000)).toEqual([0, 15, 20, 30])
  })

  it('answers range queries at the interval by default', async () => {
    const { registry, requests } = counterApp()
    const h = metricsHarness(registry, { interval: '10s' })
    await h.advance('40s', { each: () => requests.inc({ route: '/' }) })
    const result = await h.queryRange('sum(http_requests_total)', { start: 20_000 })
    expect(result.series()[0]?.points).toEqual([
      [20_000, 2],
      [30_000, 3],
      [40_000, 4],
    ])
    expect(result.describe()).toBe('sum(http_requests_total) over +20s..+40s step 10s')
  })

  it.each([
    {
      name: 'a zero interval',
      make: () => metricsHarness(new Registry(), { interval: 0 }),
      code: 'ERR_HARNESS_DURATION',
    },
    {
      name: 'a bad interval',
      make: () => metricsHarness(new Registry(), { interval: '15 seconds' }),
      code: 'ERR_HARNESS_DURATION',
    },
    {
      name: 'a bad instance',
      make: () => metricsHarness(new Registry(), { instance: 'a/b' }),
      code: 'ERR_HARNESS_SOURCE',
    },
    { name: 'a number as source', make: () => metricsHarness(42 as never), code: 'ERR_HARNESS_SOURCE' },
  ])('refuses $name', ({ make, code }) => {
    expect(make).toThrow(expect.objectContaining({ code }))
  })

  it('refuses to advance while an advance is running', async () => {
    const h = metricsHarness(new Registry())
    const first = h.advance('1m', { each: () => new Promise((resolve) => setImmediate(resolve)) })
    await expect(h.advance('1m')).rejects.toThrow(HarnessError)
    await first
    expect(h.now()).toBe(60_000)
  })

  it('explains why a result has no single value', async () => {
    const { registry, requests } = counterApp()
    requests.inc({ route: '/a' })
    requests.inc({ route: '/b' })
    const h = metricsHarness(registry)
    await h.advance('1m')
    const result = await h.query('http_requests_total')
    expect(() => result.value()).toThrow(
      'cannot read a single value of http_requests_total at +1m (it has 2 series:\n' +
        'http_requests_total{instance="harness:0", job="app", route="/a"} => 1 @[60000]\n' +
        'http_requests_total{instance="harness:0", job="app", route="/b"} => 1 @[60000])',
    )
    expect((await h.query('nothing_here')).toString()).toBe('(no series)')
  })
})
