import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ~15 s. The real Prometheus 2.42 scrapes an app using @watchfire/client every second, once
// negotiating protobuf (native histograms enabled) and once OpenMetrics (the default without the flag).
const scrapeConfig = (target: string): string => `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${target}'] }]
`

async function value(prom: RealPrometheus, expr: string): Promise<number> {
  return eventually(async () => {
    const result = await prom.query(expr)
    const first = result[0]
    return first?.value === undefined ? undefined : Number(first.value[1])
  }, 20_000)
}

describe.each([
  { format: 'protobuf', flags: ['--enable-feature=native-histograms'], nativeHistograms: true },
  { format: 'OpenMetrics', flags: [], nativeHistograms: false },
])('the real Prometheus scraping the client over $format', ({ flags, nativeHistograms }) => {
  let app: FixtureApp
  let prom: RealPrometheus

  beforeAll(async () => {
    app = await startFixtureApp('instrumented-app')
    prom = await startPrometheus(scrapeConfig(app.target), flags)
    await value(prom, 'up{job="app"} == 1')
  })
  afterAll(async () => {
    await prom?.stop()
    await app?.stop()
  })

  it('ingests counters with their labels', async () => {
    expect(await value(prom, 'app_requests_total{method="GET",code="200"}')).toBe(7)
    expect(await value(prom, 'app_requests_total{method="POST",code="500"}')).toBe(3)
    expect(await value(prom, 'count(app_requests_total)')).toBe(2)
  })

  it('ingests gauges', async () => {
    expect(await value(prom, 'app_temperature_celsius')).toBe(21.5)
  })

  it('ingests classic histograms that histogram_quantile reads', async () => {
    expect(await value(prom, 'app_latency_seconds_count')).toBe(100)
    expect(await value(prom, 'app_latency_seconds_sum')).toBeCloseTo(
      10 * 0.05 + 20 * 0.3 + 30 * 0.7 + 40 * 2,
      9,
    )
    expect(await value(prom, 'app_latency_seconds_bucket{le="0.5"}')).toBe(30)
    // Rank 50 falls in (0.5, 1] holding ranks 31..60: 0.5 + 0.5 * 20/30.
    expect(await value(prom, 'histogram_quantile(0.5, app_latency_seconds_bucket)')).toBeCloseTo(0.8333333, 6)
  })

  it('ingests summaries with real quantiles', async () => {
    expect(await value(prom, 'app_payload_bytes_count')).toBe(1000)
    expect(await value(prom, 'app_payload_bytes_sum')).toBe(500500)
    const median = await value(prom, 'app_payload_bytes{quantile="0.5"}')
    expect(Math.abs(median - 500)).toBeLessThanOrEqual(10)
  })

  // OpenMetrics has no native buckets: a native-only histogram arrives there as a classic one with
  // only its +Inf bucket, so its count and sum still reach Prometheus.
  it(
    nativeHistograms ? 'ingests native histograms' : 'ingests a native-only histogram as classic',
    async () => {
      if (!nativeHistograms) {
        expect(await value(prom, 'app_native_seconds_count')).toBe(100)
        expect(await value(prom, 'app_native_seconds_sum')).toBe(5050)
        expect(await value(prom, 'app_native_seconds_bucket{le="+Inf"}')).toBe(100)
        return
      }
      expect(await value(prom, 'histogram_count(app_native_seconds)')).toBe(100)
      expect(await value(prom, 'histogram_sum(app_native_seconds)')).toBe(5050)
      // Schema 3 buckets grow by 2^(1/8) ≈ 9%, so the estimate lands within one bucket of the true median 50.
      const median = await value(prom, 'histogram_quantile(0.5, app_native_seconds)')
      expect(median).toBeGreaterThan(50 / 1.1)
      expect(median).toBeLessThan(50 * 1.1)
    },
  )
})
