import { startNodeExporter } from '@watchfire/node-exporter'
import type { NodeExporter } from '@watchfire/node-exporter'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startPrometheus, type RealPrometheus } from './lib/prometheus.js'

// Budget: ~10 s. The real Prometheus 2.42 scrapes `watchfire node-exporter`'s library every second and
// evaluates the dashboards' classic CPU-usage query over it (our own server does not exist yet).
const CPU_BUSY = '100 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[1m])) * 100'

describe('the real Prometheus scraping the node exporter', () => {
  let exporter: NodeExporter
  let prom: RealPrometheus

  beforeAll(async () => {
    exporter = await startNodeExporter({ listenAddress: '127.0.0.1:0' })
    const target = new URL(exporter.url).host
    prom = await startPrometheus(`
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: node
    static_configs: [{ targets: ['${target}'] }]
`)
  })
  afterAll(async () => {
    await prom?.stop()
    await exporter?.close()
  })

  it('ingests the scrape with every collector succeeding', async () => {
    const up = await eventually(async () => (await prom.query('up{job="node"} == 1'))[0], 20_000)
    expect(up.metric.job).toBe('node')
    const failed = await prom.query('node_scrape_collector_success == 0')
    // Collectors for hardware or modules this machine may lack report "no data", never an error.
    expect(
      failed
        .map((s) => s.metric.collector)
        .filter((c) => !['conntrack', 'pressure', 'cpufreq'].includes(c ?? '')),
    ).toEqual([])
  })

  it('answers the CPU usage query with a percentage', async () => {
    const busy = await eventually(async () => {
      const [first] = await prom.query(CPU_BUSY)
      return first?.value === undefined ? undefined : Number(first.value[1])
    }, 20_000)
    expect(busy).toBeGreaterThanOrEqual(0)
    expect(busy).toBeLessThanOrEqual(100)
    const cpus = await prom.query('count(node_cpu_seconds_total{mode="idle"})')
    expect(Number(cpus[0]?.value?.[1])).toBeGreaterThanOrEqual(1)
  })
})
