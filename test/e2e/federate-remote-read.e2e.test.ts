import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { freePort } from './lib/ports.js'
import { startPrometheus, type ApiSeries, type RealPrometheus } from './lib/prometheus.js'

// Budget: ≤ 60 s (measured ~20 s). Our server (in-process) scrapes a test app and itself every 2 s
// with an external label. Three real Prometheus 2.42 read it: two federate /federate every 500 ms
// with honor_labels (so they see every sample we store, with our timestamps), one in the text
// format and one in protobuf (native histograms on); the third has no targets and remote-reads
// /api/v1/read. Instant queries at fixed past times must give the same
// values through both as through our own API (plus our external label, which both carry over).

const ourConfig = (app: string, self: string): string => `
global: { scrape_interval: 2s, scrape_timeout: 1s, external_labels: { site: ours } }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${app}'], labels: { team: e2e } }]
  - job_name: self
    static_configs: [{ targets: ['${self}'] }]
`

const federatingConfig = (ours: string): string => `
global: { scrape_interval: 500ms, scrape_timeout: 400ms }
scrape_configs:
  - job_name: federate
    honor_labels: true
    metrics_path: /federate
    params: { 'match[]': ['{job="app"}', '{job="self"}'] }
    static_configs: [{ targets: ['${ours}'] }]
`

const remoteReadingConfig = (ours: string): string => `
remote_read:
  - url: http://${ours}/api/v1/read
    read_recent: true
`

// [what the real Prometheus is asked, what we are asked]: our own API knows nothing of our external
// label, which the remote read endpoint must answer for (and drop from the matchers it selects with).
const QUERIES: [string, string][] = [
  ['app_requests_total', 'app_requests_total'],
  ['app_temperature_celsius', 'app_temperature_celsius'],
  ['app_temperature_celsius{site="ours"}', 'app_temperature_celsius'],
  ['app_latency_seconds_bucket{le="0.5"}', 'app_latency_seconds_bucket{le="0.5"}'],
  ['sum by (code) (app_requests_total)', 'sum by (code) (app_requests_total)'],
  ['up{job=~"app|self"}', 'up{job=~"app|self"}'],
  ['scrape_samples_scraped{job=~"app|self"}', 'scrape_samples_scraped{job=~"app|self"}'],
  [
    'prometheus_http_requests_total{handler="/federate"}',
    'prometheus_http_requests_total{handler="/federate"}',
  ],
  ['count_over_time(up{job=~"app|self"}[4s])', 'count_over_time(up{job=~"app|self"}[4s])'],
  ['max_over_time(prometheus_tsdb_head_series[4s])', 'max_over_time(prometheus_tsdb_head_series[4s])'],
]

/** `metric -> value` lines, sorted, for comparing results whatever their order. */
function lines(result: readonly ApiSeries[], addSite: boolean): string[] {
  return result
    .map((s) => {
      const metric: Record<string, string> = { ...s.metric }
      if (addSite) metric.site = 'ours'
      const keys = Object.keys(metric).sort()
      return `{${keys.map((k) => `${k}=${JSON.stringify(metric[k])}`).join(',')}} ${s.value?.[1] ?? '?'}`
    })
    .sort()
}

async function queryAt(base: string, expr: string, timeS: number): Promise<ApiSeries[]> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeS}`)
  const body = (await res.json()) as { status: string; error?: string; data?: { result: ApiSeries[] } }
  if (body.status !== 'success' || body.data === undefined)
    throw new Error(`${expr}: ${body.error ?? res.status}`)
  return body.data.result
}

describe('the real Prometheus federates and remote-reads our server', () => {
  let app: FixtureApp
  let dir: string
  let server: RunningServer
  let federating: RealPrometheus
  // With native histograms on, 2.42 asks for delimited protobuf first: /federate must answer it.
  let federatingProto: RealPrometheus
  let reading: RealPrometheus

  beforeAll(async () => {
    app = await startFixtureApp('instrumented-app')
    dir = await mkdtemp(join(tmpdir(), 'watchfire-federate-'))
    const ours = `127.0.0.1:${await freePort()}`
    server = await startServer({
      config: { yaml: ourConfig(app.target, ours) },
      storagePath: join(dir, 'data'),
      listenAddress: ours,
      log: () => {},
    })
    ;[federating, federatingProto, reading] = await Promise.all([
      startPrometheus(federatingConfig(ours)),
      startPrometheus(federatingConfig(ours), ['--enable-feature=native-histograms']),
      startPrometheus(remoteReadingConfig(ours)),
    ])
    // Prometheus applies its targets 5 s after start; then some 6 s of federation (every sample of
    // ours seen several times) before the queried window.
    await new Promise((r) => setTimeout(r, 12_000))
  })

  afterAll(async () => {
    await federating?.stop()
    await federatingProto?.stop()
    await reading?.stop()
    await server?.close()
    await app?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it.each(QUERIES)('%s gives the same values through federation and remote read', async (expr, oursExpr) => {
    // Two seconds ago, on a second boundary: every store has settled by then.
    const t = Math.floor(Date.now() / 1000) - 2
    const ourResult = await queryAt(server.url, oursExpr, t)
    expect(ourResult.length).toBeGreaterThan(0)
    const expected = lines(ourResult, !expr.startsWith('sum'))
    const viaRead = lines(await queryAt(reading.url, expr, t), false)
    const viaFederation = lines(await queryAt(federating.url, expr, t), false)
    const viaProtobuf = lines(await queryAt(federatingProto.url, expr, t), false)
    expect(viaRead).toEqual(expected)
    expect(viaFederation).toEqual(expected)
    expect(viaProtobuf).toEqual(expected)
  })
})
