import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNodeExporter } from '@watchfire/node-exporter'
import type { NodeExporter } from '@watchfire/node-exporter'
import { startServer } from '@watchfire/server'
import type { RunningServer } from '@watchfire/server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { eventually } from './lib/prometheus.js'

// Budget: ~10 s. Our server scrapes our node exporter every second, and the dashboards' classic
// CPU-usage query, asked through our HTTP API, returns a percentage.
const CPU_BUSY = '100 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[1m])) * 100'

let exporter: NodeExporter
let server: RunningServer
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watchfire-node-'))
  exporter = await startNodeExporter({ listenAddress: '127.0.0.1:0' })
  server = await startServer({
    config: {
      yaml: `
global: { scrape_interval: 1s, scrape_timeout: 900ms }
scrape_configs:
  - job_name: node
    static_configs: [{ targets: ['${new URL(exporter.url).host}'] }]
`,
    },
    storagePath: join(dir, 'data'),
    listenAddress: '127.0.0.1:0',
    log: () => {},
  })
})
afterAll(async () => {
  await server?.close()
  await exporter?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

async function instant(expr: string): Promise<number | undefined> {
  const res = await fetch(`${server.url}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = (await res.json()) as { data?: { result: { value: [number, string] }[] } }
  const first = body.data?.result[0]
  return first === undefined ? undefined : Number(first.value[1])
}

it('answers the CPU usage query over our node exporter with a percentage', async () => {
  const busy = await eventually(() => instant(CPU_BUSY), 20_000)
  expect(busy).toBeGreaterThanOrEqual(0)
  expect(busy).toBeLessThanOrEqual(100)
  expect(await instant('count(node_cpu_seconds_total{mode="idle"})')).toBeGreaterThanOrEqual(1)
  expect(await instant('up{job="node"}')).toBe(1)
})
