import { MemoryStorage } from '@watchfire/storage'
import { DiscoveryManager, parseConfig, ScrapeManager } from '@watchfire/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixtureApp, type FixtureApp } from './lib/fixture-app.js'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ~15 s per format. One app instrumented with @watchfire/client is scraped every second by
// our ScrapeManager (into a MemoryStorage) and by the real Prometheus 2.42; both must end up with
// the same series (names and labels), the five synthetic ones included.
const configYaml = (target: string): string => `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['${target}'], labels: { team: e2e } }]
    metric_relabel_configs:
      - { source_labels: [__name__], regex: 'app_payload_bytes_sum', action: drop }
      - { source_labels: [__name__], regex: 'app_requests_total', target_label: relabelled, replacement: 'yes' }
`

async function ourSeries(storage: MemoryStorage): Promise<string[]> {
  const querier = await storage.querier(0, Number.MAX_SAFE_INTEGER)
  const set = querier.select(true, undefined)
  const out: string[] = []
  while (set.next()) out.push(set.at().labels.toString())
  querier.close()
  return out.sort()
}

async function theirSeries(prom: RealPrometheus): Promise<string[]> {
  const res = await fetch(`${prom.url}/api/v1/series?match[]=${encodeURIComponent('{job="app"}')}`)
  const body = (await res.json()) as { data: Record<string, string>[] }
  return body.data
    .map((record) => {
      const keys = Object.keys(record).sort()
      return `{${keys.map((k) => `${k}=${JSON.stringify(record[k])}`).join(', ')}}`
    })
    .sort()
}

describe.each([
  { format: 'OpenMetrics (2.42 default)', nativeHistograms: false, flags: [] as string[] },
  {
    format: 'protobuf (native histograms)',
    nativeHistograms: true,
    flags: ['--enable-feature=native-histograms'],
  },
])(
  'our scraper and the real Prometheus store the same series over $format',
  ({ nativeHistograms, flags }) => {
    let app: FixtureApp
    let prom: RealPrometheus
    const storage = new MemoryStorage()
    const controller = new AbortController()
    let running: Promise<unknown> | undefined

    beforeAll(async () => {
      app = await startFixtureApp('instrumented-app')
      const yaml = configYaml(app.target)
      prom = await startPrometheus(yaml, flags)
      const config = parseConfig(yaml)
      const scrape = new ScrapeManager(storage, { nativeHistograms })
      const discovery = new DiscoveryManager({
        onUpdate: (sets) => void scrape.sync(sets),
        updateDelayMs: 10,
      })
      await scrape.applyConfig(config)
      discovery.applyConfig(config)
      running = Promise.all([scrape.run(controller.signal), discovery.run(controller.signal)])
    })
    afterAll(async () => {
      controller.abort()
      await running
      await prom?.stop()
      await app?.stop()
    })

    it('has the same series, synthetic ones included', async () => {
      const theirs = await eventually(async () => {
        const series = await theirSeries(prom)
        return series.some((s) => s.includes('scrape_series_added')) ? series : undefined
      }, 20_000)
      const ours = await eventually(async () => {
        const series = await ourSeries(storage)
        return series.length >= theirs.length ? series : undefined
      }, 10_000).catch(() => ourSeries(storage))
      expect(theirs.length).toBeGreaterThan(15)
      expect(ours).toEqual(theirs)
      for (const name of [
        'up',
        'scrape_duration_seconds',
        'scrape_samples_scraped',
        'scrape_samples_post_metric_relabeling',
        'scrape_series_added',
      ]) {
        expect(ours.some((s) => s.includes(`__name__="${name}"`))).toBe(true)
      }
      expect(ours.some((s) => s.includes('relabelled="yes"'))).toBe(true)
      expect(ours.some((s) => s.includes('app_payload_bytes_sum'))).toBe(false)
    })
  },
)
