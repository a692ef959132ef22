import { fileURLToPath } from 'node:url'
import { metricsHarness, type MetricsHarness, type SerializableMetrics } from '@watchfire/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ~20 s. The real Prometheus 2.42 scrapes an app every second, the app doing one step of
// work per scrape; the harness scrapes the same app code at the same interval on its fake clock,
// with the same number of steps. The same queries must give the same answers.

interface TickingApp {
  registry: SerializableMetrics
  tick(): void
}

const FIXTURE = fileURLToPath(new URL('./fixtures/testing-ticking-app.js', import.meta.url))

const scrapeConfig = (target: string): string => `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: app
    params: { tick: ['1'] }
    static_configs: [{ targets: ['${target}'] }]
`

/** Label set → value, the shape both sides are reduced to. */
type Answer = Record<string, number>

const key = (labels: Record<string, string>): string =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))

async function promAnswer(prom: RealPrometheus, expr: string, timeSeconds: number): Promise<Answer> {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeSeconds}`)
  const body = (await res.json()) as {
    status: string
    error?: string
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] }
  }
  if (body.status !== 'success' || body.data === undefined)
    throw new Error(`${expr}: ${body.error ?? res.status}`)
  return Object.fromEntries(body.data.result.map((s) => [key(s.metric), Number(s.value[1])]))
}

async function harnessAnswer(h: MetricsHarness, expr: string): Promise<Answer> {
  return Object.fromEntries((await h.query(expr)).series().map((s) => [key(s.labels), s.value]))
}

describe('the testing harness against the real Prometheus on the same app', () => {
  let app: FixtureApp
  let prom: RealPrometheus
  let h: MetricsHarness
  /** Time of the real Prometheus's last scrape, in seconds: both sides are queried at their last scrape. */
  let lastScrape: number

  beforeAll(async () => {
    app = await startFixtureApp('testing-ticking-app')
    prom = await startPrometheus(scrapeConfig(app.target))
    await eventually(
      async () =>
        (await prom.query('count_over_time(up{job="app"}[1m]) >= 12')).length > 0 ? true : undefined,
      30_000,
    )
    // Both sides are queried at the real Prometheus's latest scrape so far; later scrapes do not matter.
    lastScrape = Number((await prom.query('timestamp(up{job="app"})'))[0]?.value?.[1])
    const steps =
      Object.values(await promAnswer(prom, 'sum_over_time(up{job="app"}[1h])', lastScrape))[0] ?? 0
    const mod = (await import(FIXTURE)) as { createTickingApp(): TickingApp }
    const twin = mod.createTickingApp()
    h = metricsHarness(twin.registry, { interval: '1s', job: 'app', instance: app.target })
    twin.tick()
    await h.advance(0)
    await h.advance((steps - 1) * 1000, { each: () => twin.tick() })
  })
  afterAll(async () => {
    await prom?.stop()
    await app?.stop()
  })

  it.each([
    'up',
    'app_requests_total',
    'sum by (code) (rate(app_requests_total[4500ms]))',
    'sum(rate(app_requests_total{code="500"}[4500ms])) / sum(rate(app_requests_total[4500ms]))',
    'increase(app_requests_total{route="/health"}[9500ms])',
    'histogram_quantile(0.9, sum by (le) (rate(app_latency_seconds_bucket[4500ms])))',
    'app_latency_seconds_count',
    'app_phase',
    'max_over_time(app_queue_depth[2500ms])',
    'count by (__name__) ({job="app"})',
  ])('%s', async (expr) => {
    const real = await promAnswer(prom, expr, lastScrape)
    const ours = await harnessAnswer(h, expr)
    expect(Object.keys(real).length).toBeGreaterThan(0)
    expect(Object.keys(ours).sort()).toEqual(Object.keys(real).sort())
    for (const [labels, value] of Object.entries(real)) {
      // Real scrapes are about, not exactly, 1 s apart: rates may differ by that jitter.
      const got = ours[labels] ?? NaN
      expect(Math.abs(got - value), `${labels}: harness ${got}, Prometheus ${value}`).toBeLessThanOrEqual(
        Math.abs(value) * 0.05 + 1e-9,
      )
    }
  })
})
